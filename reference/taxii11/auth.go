package taxii11

import (
	"crypto/subtle"
	"net/http"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// identity is who sent a request: an account, or nobody (anonymous).
type identity struct {
	acct *config.Account
}

// owner names the identity in stored subscriptions and result sets.
func (id identity) owner() string {
	if id.acct == nil {
		return ""
	}
	return id.acct.Username
}

// authenticate checks HTTP Basic credentials (Part 3 §6.2). Credentials that do not match an
// account are refused on every service; a service that requires authentication refuses
// requests without credentials. Both get UNAUTHORIZED (Part 2 §4.4.1).
func (s *Server) authenticate(r *http.Request, svc *service) (identity, *message.Status) {
	user, pass, ok := r.BasicAuth()
	if !ok {
		if r.Header.Get("Authorization") != "" {
			return identity{}, statusf(message.StatusUnauthorized, nil, "only HTTP Basic authentication is supported")
		}
		if svc.cfg.AuthenticationRequired {
			return identity{}, statusf(message.StatusUnauthorized, nil,
				"the %s service at %s requires HTTP Basic authentication", svc.cfg.Type, svc.cfg.Address)
		}
		return identity{}, nil
	}
	acct := s.o.Config.Account(user)
	if acct == nil || subtle.ConstantTimeCompare([]byte(acct.Password), []byte(pass)) != 1 {
		return identity{}, statusf(message.StatusUnauthorized, nil, "user name or password not accepted")
	}
	return identity{acct: acct}, nil
}

// perm is what the requester may do in a collection through a service. Anonymous requests only
// reach services that do not require authentication; there they may do everything on the
// service's collections.
func (s *Server) perm(id identity, svc *service, c *collection) config.Permission {
	if id.acct != nil {
		return id.acct.Can(c.cfg.Name)
	}
	if !svc.cfg.AuthenticationRequired {
		return config.ReadWrite
	}
	return ""
}

// serves reports whether svc serves collection c.
func (svc *service) serves(c *collection) bool {
	for _, x := range svc.colls {
		if x == c {
			return true
		}
	}
	return false
}

// need is the right a request needs on a collection.
type need int

const (
	needSee need = iota
	needRead
	needWrite
)

// lookup finds a collection the request names through a service and checks the requester's
// rights. A collection the requester has no right on at all is reported as not found (its
// existence is not revealed, Part 2 §5.1.1); one it sees but may not use this way gets
// UNAUTHORIZED; an unavailable collection gets DENIED.
func (s *Server) lookup(id identity, svc *service, name string, n need) (*collection, *message.Status) {
	c := s.colls[name]
	var p config.Permission
	if c != nil && svc.serves(c) {
		p = s.perm(id, svc, c)
	}
	if p == "" {
		return nil, statusf(message.StatusNotFound, []message.Detail{{Name: message.DetailItem, Value: name}},
			"no collection %q is available through %s", name, svc.cfg.Address)
	}
	switch {
	case n == needRead && !p.CanRead():
		return nil, statusf(message.StatusUnauthorized, nil, "%s may not read collection %q", who(id), name)
	case n == needWrite && !p.CanWrite():
		return nil, statusf(message.StatusUnauthorized, nil, "%s may not write to collection %q", who(id), name)
	}
	if !c.cfg.IsAvailable() && n != needSee {
		return nil, statusf(message.StatusDenied, nil, "collection %q is not available", name)
	}
	return c, nil
}

func who(id identity) string {
	if id.acct == nil {
		return "an anonymous requester"
	}
	return "account " + id.acct.Username
}
