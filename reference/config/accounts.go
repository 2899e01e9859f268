package config

// Identifiers of the default collections. Account permissions are keyed by them: a TAXII 2.1
// collection id or a TAXII 1.1 collection name.
const (
	// TAXII 2.1, API root "api1".
	C21Intel   = "91a7b528-80eb-42ed-a74d-c6fbd5a26116" // read-write
	C21Public  = "52892447-4d7e-4f70-b94d-d7f22742ff63" // read-only
	C21DropBox = "64993447-4d7e-4f70-b94d-d7f33742ee63" // write-only
	// TAXII 2.1, API root "trustgroup1".
	C21Shared = "472c94ae-3113-4e3e-a4dd-a9f4ac7471d4" // read-write

	// TAXII 1.1.1 collection names.
	C11Default     = "default"          // read-write data feed
	C11Public      = "public"           // read-only data feed
	C11DropBox     = "drop-box"         // write-only data set
	C11PushOnly    = "push-only"        // read-write data feed without a Poll Service
	C11Subscribers = "subscribers-only" // read-write data feed polled only through subscriptions
)

// defaultAccounts are the built-in accounts (documented in the README). Passwords differ from
// the names so that the harness, which redacts every password it knows, can still print names:
//
//	admin/admin-pw     every collection, read and write
//	writer/writer-pw   reads and writes the read-write collections, reads the read-only ones,
//	                   writes the write-only ones
//	reader/reader-pw   reads the read-write and read-only collections, nothing else
//	nobody/nobody-pw   authenticates, but may see no collection (for 403/404 distinctions)
func defaultAccounts() []Account {
	return []Account{
		{Username: "admin", Password: "admin-pw", Admin: true},
		{Username: "writer", Password: "writer-pw", Permissions: map[string]Permission{
			C21Intel: ReadWrite, C21Public: Read, C21DropBox: Write, C21Shared: ReadWrite,
			C11Default: ReadWrite, C11Public: Read, C11DropBox: Write, C11PushOnly: ReadWrite, C11Subscribers: ReadWrite,
		}},
		{Username: "reader", Password: "reader-pw", Permissions: map[string]Permission{
			C21Intel: Read, C21Public: Read, C21Shared: Read,
			C11Default: Read, C11Public: Read, C11PushOnly: Read, C11Subscribers: Read,
		}},
		{Username: "nobody", Password: "nobody-pw", Permissions: map[string]Permission{}},
	}
}
