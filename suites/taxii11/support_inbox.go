package taxii11

// The harness's own Inbox Service, for content the server pushes (subscriptions with
// delivery parameters, asynchronous poll results: Part 2 §3.6.2.2, §5.2.2.1). A spec starts
// one, names its address in its request, and waits a bounded time for what arrives; every
// pushed message is recorded in the spec's report as an inbound exchange. The listener binds
// loopback unless the profile says otherwise (taxii11.inbox_listen), and answers each Inbox
// Message with a Status Message in the sender's family, as an Inbox Service must (Part 2 §3.2).

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// maxPushBytes bounds one pushed message.
const maxPushBytes = 16 << 20

// pushInbox is a running harness Inbox Service.
type pushInbox struct {
	srv    *http.Server
	ln     net.Listener
	public string

	mu       sync.Mutex
	got      []pushed
	recorded int
	arrived  chan struct{}
}

// pushed is one message the server sent to the harness's inbox.
type pushed struct {
	Header http.Header
	Body   []byte
	// Root is the parsed message; nil when the body was not XML.
	Root   *elem
	At     time.Time
	status int
	answer []byte
	url    string
	method string
}

// startInbox starts an Inbox Service for the running spec; it stops when the spec ends.
func startInbox() *pushInbox {
	run := harness.Current()
	listen, public := "127.0.0.1:0", ""
	if p := run.Profile().TAXII11; p != nil {
		if p.InboxListen != "" {
			listen = p.InboxListen
		}
		public = p.InboxAddress
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		harness.Errorf("setup: starting the harness's inbox on %s: %v", listen, err)
	}
	p := &pushInbox{ln: ln, arrived: make(chan struct{}, 1)}
	if public == "" {
		public = "http://" + ln.Addr().String() + "/inbox/"
	}
	p.public = public
	p.srv = &http.Server{Handler: http.HandlerFunc(p.serve), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	go func() { _ = p.srv.Serve(ln) }()
	ginkgo.DeferCleanup(func() {
		_ = p.srv.Close()
		p.record()
	})
	return p
}

// address is the URL the server should push to.
func (p *pushInbox) address() string { return p.public }

// pushParameters names the inbox in the family under test (Push_Parameters of a subscription,
// or with name "Delivery_Parameters" in a Poll Request).
func (p *pushInbox) params(name string) node {
	f := fam()
	return pushParams(name, f.protocol(isHTTPS(p.public)), p.public, f.MessageBinding)
}

func (p *pushInbox) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPushBytes))
	in := pushed{Header: r.Header.Clone(), Body: body, At: time.Now(), url: r.URL.String(), method: r.Method}
	f := familyByBinding(strings.TrimSpace(r.Header.Get("X-TAXII-Content-Type")))
	in.Root, _ = parseXML(body)
	if in.Root != nil && familyByNamespace(in.Root.NS) != nil {
		f = familyByNamespace(in.Root.NS)
	}
	if f == nil {
		f = fam111
	}
	status, text := stSuccess, "received"
	switch {
	case r.Method != http.MethodPost:
		status, text = stBadMessage, "TAXII messages are sent with POST"
	case err != nil:
		status, text = stBadMessage, "the body could not be read: "+err.Error()
	case in.Root == nil || in.Root.Name != "Inbox_Message":
		status, text = stBadMessage, "this Inbox Service takes Inbox Messages"
	}
	irt := "0"
	if in.Root != nil && in.Root.at("message_id") != "" {
		irt = in.Root.at("message_id")
	}
	in.answer = f.marshal(withID("Status_Message", at("in_response_to", irt), at("status_type", status), el("Message", text)))
	for k, vs := range headersFor(f, false) {
		if k != "X-Taxii-Accept" {
			w.Header()[k] = vs
		}
	}
	in.status = http.StatusOK
	w.WriteHeader(in.status)
	_, _ = w.Write(in.answer)

	p.mu.Lock()
	p.got = append(p.got, in)
	p.mu.Unlock()
	select {
	case p.arrived <- struct{}{}:
	default:
	}
}

// record adds what arrived since the last call to the spec's report. It runs on the spec's
// goroutine (await and cleanup call it).
func (p *pushInbox) record() {
	p.mu.Lock()
	fresh := p.got[p.recorded:]
	p.recorded = len(p.got)
	p.mu.Unlock()
	run := harness.Current()
	for _, in := range fresh {
		run.RecordInbound(harness.ExchangeRecord{
			Method: in.method, URL: p.public, RequestHeader: in.Header, RequestBody: string(in.Body),
			Status: in.status, ResponseBody: string(in.answer),
		})
	}
}

// messages returns a copy of everything received so far.
func (p *pushInbox) messages() []pushed {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]pushed(nil), p.got...)
}

// errTimeout says the wait ended without what the spec waited for.
var errTimeout = errors.New("timed out")

// await waits until done reports true for what has arrived, or the timeout passes; it returns
// what arrived and errTimeout in the second case.
func (p *pushInbox) await(timeout time.Duration, done func([]pushed) bool) ([]pushed, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		got := p.messages()
		if done(got) {
			p.record()
			return got, nil
		}
		select {
		case <-p.arrived:
		case <-deadline.C:
			p.record()
			got = p.messages()
			if done(got) {
				return got, nil
			}
			return got, fmt.Errorf("%w after %v with %d message(s)", errTimeout, timeout, len(got))
		}
	}
}

// blocks returns the content blocks of every received Inbox Message.
func blocksOf(list []pushed) []*elem {
	var out []*elem
	for _, in := range list {
		if in.Root != nil {
			out = append(out, in.Root.children("Content_Block")...)
		}
	}
	return out
}
