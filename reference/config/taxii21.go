package config

// TAXII21 configures the TAXII 2.1 part. (Skeleton: completed with the TAXII 2.1 server.)
type TAXII21 struct{}

func defaultTAXII21() TAXII21 { return TAXII21{} }

func (t *TAXII21) validate() error { return nil }
