package config

// TAXII11 configures the TAXII 1.1.1 part. (Skeleton: completed with the TAXII 1.1.1 server.)
type TAXII11 struct{}

func defaultTAXII11() TAXII11 { return TAXII11{} }

func (t *TAXII11) validate() error { return nil }
