package config

import "fmt"

// isOpenTAXII reports whether raw looks like OpenTAXII's data configuration.
// (Skeleton: completed with the TAXII 1.1.1 server.)
func isOpenTAXII(raw []byte) bool { return false }

func parseOpenTAXII(raw []byte) (*Config, error) {
	return nil, fmt.Errorf("config: OpenTAXII data configuration not supported yet")
}
