package reports

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium or Chrome binary. .ci/run installs Debian's
// chromium; elsewhere the browser tests skip without one, except on CI.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium on CI: .ci/run installs it")
	}
	t.Skip("no chromium installed (apt-get install chromium)")
	return ""
}

// browse opens file in headless Chromium, cut off from the network, and
// returns a context to drive it.
func browse(t *testing.T, file string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx, chromedp.Navigate("file://"+file)); err != nil {
		t.Fatalf("opening %s in chromium: %v", file, err)
	}
	return bctx
}

// screenshot writes a full-page PNG into $MAILSPEC_SCREENSHOTS, if set,
// for a person to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("MAILSPEC_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// visibleCases lists the IDs of the cases the page shows, in order.
const visibleCases = `Array.from(document.querySelectorAll('#cases .case')).filter(c => c.offsetParent !== null).map(c => c.id)`

// TestHTMLInBrowser opens the fixture's page in headless Chromium and
// checks what it shows: the totals, failures first, the transcript with
// client and server apart and the bare LF marked, and that each filter
// hides what it should.
func TestHTMLInBrowser(t *testing.T) {
	file := filepath.Join(t.TempDir(), "report.html")
	r := fixture()
	if err := WriteFile(file, func(w io.Writer) error { return WriteHTML(w, r) }); err != nil {
		t.Fatal(err)
	}
	ctx := browse(t, file)
	var err error
	get := func(a chromedp.Action[string]) string {
		v, e := chromedp.Run(ctx, a)
		if e != nil && err == nil {
			err = e
		}
		return v
	}
	list := func(js string) []string {
		v, e := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		if e != nil && err == nil {
			err = e
		}
		return v
	}
	title := get(chromedp.Title())
	failTotal := get(chromedp.Text(chromedp.CSS(`[data-total=fail] b`)))
	shown := get(chromedp.Text(chromedp.CSS(`#shown`)))
	order := list(visibleCases)
	const failed = `[id="smtp-2.3.8-bare-lf-in-command"]`
	bare := list(`Array.from(document.querySelectorAll('` + failed + ` .bare')).map(s => s.textContent)`)
	clientLines := list(`Array.from(document.querySelectorAll('` + failed + ` tr.C td:last-child')).map(s => s.textContent)`)
	serverLines := list(`Array.from(document.querySelectorAll('` + failed + ` tr.S td:last-child')).map(s => s.textContent)`)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "report.png")
	if title != "mailspec: example server" || failTotal != "1" || shown != "8 of 8 cases shown" {
		t.Errorf("title %q, fail total %q, %q", title, failTotal, shown)
	}
	wantOrder := []string{"smtp-2.3.8-bare-lf-in-command", "smtp-1870.4-size-552", "smtp-4.1.1.8-help-without-argument", "smtp-4.1.4-mail-path-without-brackets", "smtp-4.1.1.8-help-with-topic", "smtp-3207.4-starttls-220", "smtp-4.2-every-reply-well-formed", "smtp-3030.2-bdat-last"}
	if !slices.Equal(order, wantOrder) {
		t.Errorf("cases shown in the order\n%v\nwant failures first:\n%v", order, wantOrder)
	}
	if !slices.Equal(bare, []string{"<LF>", "<NUL>", "<CR>"}) {
		t.Errorf("bare octets marked: %q, want <LF>, <NUL>, <CR>", bare)
	}
	if len(clientLines) != 3 || clientLines[1] != "NOOP<LF>NOOP<CR><LF>" || len(serverLines) != 4 {
		t.Errorf("client lines %q, server lines %q", clientLines, serverLines)
	}

	// Each filter, as a person uses it: a click on a verdict, a choice in
	// a list; then all back.
	choose := func(name, value string) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(chromedp.CSS(`select[name=`+name+`]`), value),
			chromedp.Evaluate[chromedp.Void](`void document.querySelector('select[name=` + name + `]').dispatchEvent(new Event('change', {bubbles: true}))`),
		}
	}
	tick := func(verdict string) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(`input[name=verdict][value=` + verdict + `]`))
	}
	for _, step := range []struct {
		name    string
		actions []chromedp.Action[chromedp.Void]
		want    []string
	}{
		{"pass and skip unticked", []chromedp.Action[chromedp.Void]{tick("pass"), tick("skip")}, wantOrder[:5]},
		{"level SHOULD", choose("level", "SHOULD"), []string{"smtp-4.1.1.8-help-without-argument"}},
		{"level all, extension SIZE", append(choose("level", ""), choose("extension", "SIZE")...), []string{"smtp-1870.4-size-552"}},
		{"extension none", choose("extension", "none"), []string{"smtp-2.3.8-bare-lf-in-command", "smtp-4.1.1.8-help-without-argument", "smtp-4.1.4-mail-path-without-brackets", "smtp-4.1.1.8-help-with-topic"}},
		{"extension all, protocol smtp", append(choose("extension", ""), choose("protocol", "smtp")...), wantOrder[:5]},
		{"all back", append(choose("protocol", ""), tick("pass"), tick("skip")), wantOrder},
	} {
		if err := chromedp.Do(ctx, step.actions...); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](visibleCases))
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if !slices.Equal(got, step.want) && !(len(got) == 0 && len(step.want) == 0) {
			t.Errorf("%s: shows %v, want %v", step.name, got, step.want)
		}
	}
}
