package taxii11

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// pusher delivers Inbox Messages to consumers' Inbox Services: subscription content and
// asynchronous poll results. Deliveries are bounded in time (PushTimeout) and in what is read
// back (maxPushReply); redirects are not followed; unless PushToAnyHost is set, only loopback
// addresses are contacted, checked both on the address given and on the address actually
// dialled (so a host name cannot resolve its way out).
type pusher struct {
	client  *http.Client
	anyHost bool
	// rewrite, when set, changes each encoded message before it is sent (fault injection).
	rewrite func(body []byte, prefix string) []byte
}

const maxPushReply = 1 << 20

func newPusher(l config.Limits11) *pusher {
	p := &pusher{anyHost: l.PushToAnyHost}
	dialer := &net.Dialer{Timeout: l.PushTimeout}
	if !p.anyHost {
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("push to %s refused: only loopback addresses are allowed", address)
			}
			return nil
		}
	}
	p.client = &http.Client{
		Timeout: l.PushTimeout,
		Transport: &http.Transport{
			DialContext:           dialer.DialContext,
			Proxy:                 nil,
			TLSHandshakeTimeout:   l.PushTimeout,
			ResponseHeaderTimeout: l.PushTimeout,
			MaxIdleConnsPerHost:   2,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return p
}

func supportedProtocols() []message.Detail {
	var d []message.Detail
	for _, f := range message.Families {
		d = append(d, message.Detail{Name: message.DetailSupportedProtocol, Value: f.ProtocolHTTP},
			message.Detail{Name: message.DetailSupportedProtocol, Value: f.ProtocolHTTPS})
	}
	return d
}

// check tells whether content can be pushed as the delivery parameters ask (Part 2 §4.4.6
// criterion 4): a known protocol and message binding, an http(s) address that agrees with the
// protocol, and (by default) a loopback host.
func (p *pusher) check(d *message.DeliveryParams) *message.Status {
	f, tls := message.ByProtocol(d.Protocol)
	if f == nil {
		return statusf(message.StatusUnsupportedProtocol, supportedProtocols(), "content cannot be pushed with protocol binding %q", d.Protocol)
	}
	if message.ByMessageBinding(d.MessageBinding) == nil {
		return statusf(message.StatusUnsupportedMessage, supportedBindings(message.V111),
			"content cannot be pushed with message binding %q", d.MessageBinding)
	}
	u, err := url.Parse(d.Address)
	want := map[bool]string{false: "http", true: "https"}[tls]
	if err != nil || u.Scheme != want || u.Host == "" || u.User != nil {
		return statusf(message.StatusBadMessage, nil, "Inbox Address %q is not an %s:// URL, as protocol binding %s requires", d.Address, want, d.Protocol)
	}
	if !p.anyHost && !loopbackHost(u.Hostname()) {
		return statusf(message.StatusDenied, nil, "this server pushes content to loopback addresses only, not to %q", u.Hostname())
	}
	return nil
}

func loopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// send delivers one Inbox Message and returns an error unless the Inbox Service answered with a
// SUCCESS Status Message.
func (p *pusher) send(ctx context.Context, d *message.DeliveryParams, m *message.Inbox) error {
	if st := p.check(d); st != nil {
		return errors.New(st.Message)
	}
	fam := message.ByMessageBinding(d.MessageBinding)
	_, tls := message.ByProtocol(d.Protocol)
	m.MessageID = uuid.NewString()
	out := message.Marshal(fam, m)
	if p.rewrite != nil {
		out = p.rewrite(out, fam.Prefix)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Address, bytes.NewReader(out))
	if err != nil {
		return err
	}
	h := req.Header
	h.Set("Content-Type", mediaTypeXML)
	h.Set("Accept", mediaTypeXML)
	h.Set(headerContentType, fam.MessageBinding)
	h.Set(headerAccept, fam.MessageBinding)
	h.Set(headerProtocol, fam.Protocol(tls))
	h.Set(headerServices, fam.Services)
	h.Set("User-Agent", "taxii-refserver")
	resp, err := p.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPushReply))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("inbox %s answered HTTP %d", d.Address, resp.StatusCode)
	}
	reply, _, err := message.Parse(body)
	if err != nil {
		return fmt.Errorf("inbox %s answered with no TAXII message: %v", d.Address, err)
	}
	st, ok := reply.(*message.Status)
	if !ok {
		return fmt.Errorf("inbox %s answered with %s", d.Address, reply.Kind())
	}
	if st.Type != message.StatusSuccess {
		return fmt.Errorf("inbox %s answered %s: %s", d.Address, st.Type, st.Message)
	}
	return nil
}

// pushContext bounds one delivery to one target.
func (s *Server) pushContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.limits.PushTimeout+time.Second)
}
