package taxii11

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// childEnv makes the test binary run a server instead of tests: it serves the data directory
// named in the variable on a loopback port, prints the URL, and runs until it is killed.
const childEnv = "TAXII11_TEST_CHILD_DATA"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		runChild(dir)
		return
	}
	os.Exit(m.Run())
}

func runChild(dir string) {
	c := config.Default()
	c.TAXII11.Limits.AsyncDelay = 100 * time.Millisecond
	srv, err := New(Options{Config: c, DataDir: dir})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	_ = http.Serve(ln, srv)
}

// startChild runs a server process on dir and returns its URL and the process.
func startChild(t *testing.T, dir string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("child server did not start: %v", err)
	}
	return strings.TrimSpace(line), cmd
}

// An acknowledged write (content, subscription, result set) survives kill -9 of the server.
func TestDurableAcrossKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	url, cmd := startChild(t, dir)
	call := func(base, path, user string, m message.Message) message.Message {
		return remoteExchange(t, base, path, message.V11, user, m)
	}
	status(t, call(url, "/taxii11/inbox/", "writer", inboxTo([]message.ContentBlock{stixBlock(config.ContentSTIX12, "durable-marker")}, config.C11Default)), message.StatusSuccess)
	sub := one(t, call(url, cm, "reader", subscribeReq(config.C11Default, nil, config.ContentSTIX12)), config.C11Default)
	st := status(t, call(url, "/taxii11/poll/", "reader", asyncPoll(config.C11Default, nil)), message.StatusPending)
	resultID := st.Detail(message.DetailResultID)[0]

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	url2, _ := startChild(t, dir)
	r := as[*message.PollResponse](t, call(url2, "/taxii11/poll/", "reader", pollReq(config.C11Default)))
	if len(r.Blocks) != 7 || !strings.Contains(string(r.Blocks[6].Content), "durable-marker") {
		t.Fatalf("after kill -9: %d blocks in default (want 6 seeded + 1)", len(r.Blocks))
	}
	if rec := one(t, call(url2, cm, "reader", manage(message.ActionStatus, config.C11Default, sub.ID)), config.C11Default); rec.ID != sub.ID {
		t.Errorf("subscription lost: %+v", rec)
	}
	time.Sleep(150 * time.Millisecond)
	ar := as[*message.PollResponse](t, call(url2, "/taxii11/poll/", "reader",
		&message.PollFulfillment{Collection: config.C11Default, ResultID: resultID, PartNumber: 1}))
	if len(ar.Blocks) != 7 {
		t.Errorf("async result after restart: %d blocks", len(ar.Blocks))
	}
	// The restarted store still issues labels later than every label it holds.
	status(t, call(url2, "/taxii11/inbox/", "writer", inboxTo([]message.ContentBlock{stixBlock(config.ContentSTIX12, "after-restart")}, config.C11Default)), message.StatusSuccess)
	r = as[*message.PollResponse](t, call(url2, "/taxii11/poll/", "reader", pollReq(config.C11Default)))
	checkFeedResponse(t, r)
}

// remoteExchange is tserver.exchange against any base URL.
func remoteExchange(t *testing.T, base, path string, f *message.Family, user string, m message.Message) message.Message {
	t.Helper()
	if m.Head().MessageID == "" {
		m.Head().MessageID = fmt.Sprintf("m-%d", time.Now().UnixNano())
	}
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(string(message.Marshal(f, m))))
	if err != nil {
		t.Fatal(err)
	}
	taxiiHeaders(req.Header, f, false)
	if user != "" {
		req.SetBasicAuth(user, user+"-pw")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := bufio.NewReader(resp.Body).WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("HTTP %d: %s", resp.StatusCode, b.String())
	}
	got := parseResponse(t, []byte(b.String()), f)
	if got.Head().InResponseTo != m.Head().MessageID {
		t.Fatalf("in_response_to %q", got.Head().InResponseTo)
	}
	return got
}
