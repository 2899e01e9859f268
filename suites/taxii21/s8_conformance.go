package taxii21

// §8 Conformance: the core server requirements of §8.2.1 and what of §8.2.2 (HTTPS, TLS
// versions and cipher suites, HTTP Basic) can be observed from outside. The TLS specs make
// their own handshakes with the run's trust settings; they apply only to an https target.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// acceptableSuites are the TLS 1.2 cipher suites Go offers that RFC 7540 Appendix A does not
// list: ephemeral ECDHE key exchange with an AEAD cipher. Every other TLS 1.2 suite Go can
// offer is on that list.
var acceptableSuites = map[uint16]bool{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: true, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: true,
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: true, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: true,
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: true, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: true,
}

// blacklistedSuites are the TLS 1.2 suites Go can offer that RFC 7540 Appendix A lists.
func blacklistedSuites() []uint16 {
	var out []uint16
	for _, list := range [][]*tls.CipherSuite{tls.CipherSuites(), tls.InsecureCipherSuites()} {
		for _, s := range list {
			tls12 := false
			for _, v := range s.SupportedVersions {
				tls12 = tls12 || v == tls.VersionTLS12
			}
			if tls12 && !acceptableSuites[s.ID] {
				out = append(out, s.ID)
			}
		}
	}
	return out
}

// httpsTarget returns the host:port of an https target and the TLS settings of the run; a
// plain http target disables the spec, since nothing about TLS can be observed.
func httpsTarget() (string, *tls.Config) {
	u, err := url.Parse(apiRootURL())
	harness.Setup().Expect(err).NotTo(HaveOccurred())
	if u.Scheme != "https" {
		harness.Disable("the target is plain http: HTTPS and TLS cannot be observed")
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "443")
	}
	cfg := harness.Current().Config()
	tc := &tls.Config{ServerName: u.Hostname(), InsecureSkipVerify: cfg.Insecure} //nolint:gosec // the operator's --insecure
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		harness.Setup().Expect(err).NotTo(HaveOccurred(), "reading the CA file")
		pool := x509.NewCertPool()
		harness.Setup().Expect(pool.AppendCertsFromPEM(pem)).To(BeTrue(), "the CA file holds no certificate")
		tc.RootCAs = pool
	}
	if cfg.CertFile != "" && cfg.KeyFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.CertFile, cfg.KeyFile)
		harness.Setup().Expect(err).NotTo(HaveOccurred(), "loading the client certificate")
		tc.Certificates = []tls.Certificate{cert}
	}
	return host, tc
}

// handshake makes one TLS handshake with the target and closes the connection.
func handshake(host string, tc *tls.Config) (tls.ConnectionState, error) {
	ctx, cancel := context.WithTimeout(context.Background(), harness.Current().Config().RequestTimeout)
	defer cancel()
	d := tls.Dialer{NetDialer: &net.Dialer{Timeout: 10 * time.Second}, Config: tc}
	conn, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return tls.ConnectionState{}, err
	}
	defer conn.Close()
	return conn.(*tls.Conn).ConnectionState(), nil
}

var _ = Describe("8 Conformance", func() {
	It("serves discovery at /taxii2/ at the root of its origin", harness.Reqs("T21-8.2.1-01", "T21-8.2.1-02"), func() {
		u, err := url.Parse(apiRootURL())
		harness.Setup().Expect(err).NotTo(HaveOccurred())
		u.Path, u.RawPath, u.RawQuery = "/taxii2/", "", ""
		x := get(as(standard), u.String())
		// Where discovery is served is the point; its exact status code and its content are
		// T21-4.1-02's and T21-4.1-04's business.
		harness.For("T21-8.2.1-01").Expect(x.Status).To(success(), "GET %s", x.URL)
		body, err := x.Object()
		harness.For("T21-8.2.1-02").Expect(err).NotTo(HaveOccurred(), "the answer at %s is not a JSON object", x.URL)
		harness.For("T21-8.2.1-02").Expect(body).To(Or(HaveKey("title"), HaveKey("api_roots")), "the answer at %s is not a discovery resource", x.URL)
	})

	It("offers at least one API root that discovery leads to", harness.Reqs("T21-8.2.1-03", "T21-8.2.1-04"), func() {
		d := needDiscovery()
		roots := apiRootEntries(discoveryBody())
		harness.For("T21-8.2.1-03").Expect(roots).NotTo(BeEmpty(), "discovery lists no API root")
		base, _ := url.Parse(d)
		reached := 0
		for _, r := range roots {
			ref, err := url.Parse(r)
			if err != nil {
				continue
			}
			// Reaching it is the point: what it answers with is T21-4.2-04's and -06's business.
			x := get(as(standard), withSlash(base.ResolveReference(ref).String()))
			if x.Status/100 == 2 {
				reached++
			}
		}
		harness.For("T21-8.2.1-03").Expect(reached).To(BeNumerically(">", 0), "no API root discovery lists answers with an api-root resource")
	})

	It("answers what it serves to read with valid TAXII", harness.Reqs("T21-8.2.1-06", "T21-8.2.1-07"), func() {
		checkValid(corpusRead())
	})

	It("answers about objects added to it with valid TAXII", harness.Reqs("T21-8.2.1-06", "T21-8.2.1-07"), harness.Writes(), func() {
		checkValid(corpus())
	})

	It("serves a valid request that has no User-Agent", harness.Reqs("T21-8.2.1-08"), func() {
		x := as(standard).Do(harness.Request{Method: http.MethodGet, URL: collectionsURL(),
			Header: http.Header{"Accept": {MediaTAXII}, "User-Agent": {""}}})
		if x.Request.Header.Get("User-Agent") != "" {
			harness.Errorf("the harness sent User-Agent %q: it cannot yet leave the header out", x.Request.Header.Get("User-Agent"))
		}
		harness.For("T21-8.2.1-08").Expect(x.Status).To(success(), "GET collections without User-Agent")
	})

	It("accepts TAXII requests over HTTPS", harness.Reqs("T21-8.2.2-01"), func() {
		host, tc := httpsTarget()
		_, err := handshake(host, tc)
		harness.For("T21-8.2.2-01").Expect(err).NotTo(HaveOccurred(), "TLS handshake with %s", host)
		x := get(as(standard), apiRootURL())
		harness.For("T21-8.2.2-01").Expect(x.Status).To(success(), "GET %s over HTTPS", x.URL)
	})

	It("completes TLS 1.2 handshakes", harness.Reqs("T21-8.2.2-02"), func() {
		host, tc := httpsTarget()
		tc.MinVersion, tc.MaxVersion = tls.VersionTLS12, tls.VersionTLS12
		st, err := handshake(host, tc)
		harness.For("T21-8.2.2-02").Expect(err).NotTo(HaveOccurred(), "TLS 1.2 handshake with %s", host)
		harness.For("T21-8.2.2-02").Expect(st.Version).To(Equal(uint16(tls.VersionTLS12)))
	})

	It("completes TLS 1.3 handshakes", harness.Reqs("T21-8.2.2-03"), func() {
		host, tc := httpsTarget()
		tc.MinVersion = tls.VersionTLS13
		st, err := handshake(host, tc)
		harness.For("T21-8.2.2-03").Expect(err).NotTo(HaveOccurred(), "TLS 1.3 handshake with %s", host)
		harness.For("T21-8.2.2-03").Expect(st.Version).To(BeNumerically(">=", tls.VersionTLS13))
	})

	It("refuses TLS 1.2 handshakes that offer only cipher suites RFC 7540 blacklists", harness.Reqs("T21-8.2.2-05"), func() {
		host, tc := httpsTarget()
		tc.MinVersion, tc.MaxVersion = tls.VersionTLS12, tls.VersionTLS12
		tc.CipherSuites = blacklistedSuites()
		st, err := handshake(host, tc)
		if err != nil {
			harness.Note("the handshake was refused: %v", err)
			return
		}
		harness.For("T21-8.2.2-05").Expect(err).To(HaveOccurred(),
			"the server completed a TLS 1.2 handshake with %s, a suite RFC 7540 Appendix A lists", tls.CipherSuiteName(st.CipherSuite))
	})

	It("implements HTTP Basic authentication", harness.Reqs("T21-8.2.2-06", "T21-8.2.2-08"), func() {
		x, err := as(anon).Try(harness.Request{Method: http.MethodGet, URL: apiRootURL(), Header: headers("Accept", MediaTAXII)})
		checked := false
		if err == nil && x.Status == http.StatusUnauthorized {
			checked = true
			var schemes []string
			for _, v := range x.Header.Values("WWW-Authenticate") {
				schemes = append(schemes, authSchemes(v)...)
			}
			harness.For("T21-8.2.2-06").Expect(schemes).To(ContainElement("basic"),
				"the 401 answer offers %v, not Basic", x.Header.Values("WWW-Authenticate"))
		}
		if id := harness.Current().Config().Identity; id.User != "" && id.Token == "" && len(id.Headers) == 0 {
			checked = true
			y := get(as(standard), apiRootURL())
			harness.For("T21-8.2.2-06").Expect(y.Status).To(success(), "GET the API root with Basic credentials")
		}
		if !checked {
			harness.Unsupported("the server never challenged, and the run has no Basic credentials to present")
		}
	})
})

// corpusRead gathers the resources a read-only run can see: those of corpus that need no
// writing, and the first records of a readable collection.
func corpusRead() []doc {
	var out []doc
	c := as(standard)
	keep := func(kind string, x *harness.Exchange) {
		harness.Setup().Expect(x.Status).To(Equal(http.StatusOK), "GET %s", x.URL)
		v, err := x.JSON()
		harness.Setup().Expect(err).NotTo(HaveOccurred(), "the %s body of answer #%d", kind, x.Seq)
		out = append(out, doc{kind: kind, x: x, body: v})
	}
	for _, e := range readEndpoints() {
		keep(e.kind, get(c, e.url))
	}
	return append(out, errorDocs()...)
}

// checkValid requires that no answer broke the schemas: any violation breaks T21-8.2.1-06,
// and those inside a body (a property's type or rules) T21-8.2.1-07 too.
func checkValid(docs []doc) {
	for _, d := range docs {
		for _, v := range d.x.Violations {
			if v.InRequest {
				continue
			}
			harness.Soft("T21-8.2.1-06").Expect(v.Violation.String()).To(BeEmpty(), "answer #%d (%s %s)", d.x.Seq, d.x.Request.Method, d.x.URL.Path)
			if strings.HasPrefix(v.Location, "response.body") {
				harness.Soft("T21-8.2.1-07").Expect(v.Violation.String()).To(BeEmpty(), "answer #%d (%s %s)", d.x.Seq, d.x.Request.Method, d.x.URL.Path)
			}
		}
	}
}

// authSchemes lists the authentication schemes (lower case) of a WWW-Authenticate value: the
// tokens that start a challenge, i.e. those not followed by "=" (RFC 7235 section 4.1).
func authSchemes(v string) []string {
	var out []string
	for _, part := range strings.Split(v, ",") {
		f := strings.Fields(strings.TrimSpace(part))
		if len(f) == 0 || strings.Contains(f[0], "=") {
			continue
		}
		out = append(out, strings.ToLower(f[0]))
	}
	return out
}
