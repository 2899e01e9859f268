package taxii11

import (
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

func TestDiscovery(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		for _, user := range []string{"", "reader", "writer"} {
			resp := as[*message.DiscoveryResponse](t, ts.exchange("/taxii11/discovery/", fam, user, &message.DiscoveryRequest{}))
			if len(resp.Services) != 12 {
				t.Fatalf("%d service instances, want 6 services × 2 families", len(resp.Services))
			}
			perFamily := map[string]int{}
			for i, si := range resp.Services {
				f := message.ByServices(si.Version)
				if f == nil {
					t.Fatalf("service_version %q", si.Version)
				}
				perFamily[f.Name]++
				if (i < 6) != (f == fam) {
					t.Errorf("instance %d is TAXII %s; the request's family comes first", i, f.Name)
				}
				if si.Protocol != f.ProtocolHTTP || len(si.MessageBindings) != 1 || si.MessageBindings[0] != f.MessageBinding {
					t.Errorf("instance %d bindings %s %v", i, si.Protocol, si.MessageBindings)
				}
				if !strings.HasPrefix(si.Address, ts.hs.URL+"/taxii11/") {
					t.Errorf("address %s", si.Address)
				}
				if si.Available == nil {
					t.Fatalf("instance %d without available", i)
				}
				switch si.Type {
				case message.ServicePoll, message.ServiceCollectionManagement:
					if len(si.Queries) == 0 || si.Queries[0].Format != f.QueryFormat {
						t.Errorf("%s: supported queries %+v", si.Type, si.Queries)
					}
				case message.ServiceDiscovery:
					if !*si.Available || len(si.Queries) != 0 {
						t.Errorf("discovery instance %+v", si)
					}
				}
				anonymousBlocked := user == "" && si.Type != message.ServiceDiscovery
				readerNoInbox := user == "reader" && si.Type == message.ServiceInbox
				if *si.Available == (anonymousBlocked || readerNoInbox) {
					t.Errorf("user %q: %s at %s available=%v", user, si.Type, si.Address, *si.Available)
				}
			}
			if perFamily["1.1"] != 6 || perFamily["1.1.1"] != 6 {
				t.Errorf("per family %v", perFamily)
			}
		}
	})
}

// With request_family_only, each service is listed once, in the request's family, so that a
// client that knows only that family's query format can read the response.
func TestDiscoveryRequestFamilyOnly(t *testing.T) {
	c := defaultTestConfig()
	for i := range c.TAXII11.Services {
		if c.TAXII11.Services[i].Type == config.Service11Discovery {
			c.TAXII11.Services[i].RequestFamilyOnly = true
		}
	}
	ts := start(t, c, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		resp := as[*message.DiscoveryResponse](t, ts.exchange("/taxii11/discovery/", fam, "reader", &message.DiscoveryRequest{}))
		if len(resp.Services) != 6 {
			t.Fatalf("%d service instances, want the 6 services once", len(resp.Services))
		}
		for _, si := range resp.Services {
			if message.ByServices(si.Version) != fam {
				t.Errorf("%s instance at %s in service_version %q", si.Type, si.Address, si.Version)
			}
			for _, q := range si.Queries {
				if q.Format != fam.QueryFormat {
					t.Errorf("%s lists query format %q", si.Type, q.Format)
				}
			}
		}
	})
}
