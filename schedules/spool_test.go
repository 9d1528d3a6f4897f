package schedules_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

type noDocs struct{}

func (noDocs) Extract(context.Context, extract.Window, extract.Sink) error { return nil }

// listFails is a source whose list page fails as a whole.
type listFails struct{}

func (listFails) Extract(context.Context, extract.Window, extract.Sink) error {
	return errors.Join(errors.New("source s: list page"), &extract.HTTPError{URL: "https://example.org/list.html", Status: 503})
}

// A run whose record cannot be written returns an error wrapping
// ErrRunNotRecorded, whatever its status: the command exits non-zero.
func TestRunRecordNotWrittenIsAnError(t *testing.T) {
	mem := &schedulestest.Store{Fail: func(op schedulestest.Op) error {
		if op == schedulestest.OpRun {
			return errors.New("connection refused")
		}
		return nil
	}}
	run, err := (&schedules.Ingester{Store: mem}).Run(context.Background(), schedules.Job{Source: "s", Kind: "k", Extractor: noDocs{}})
	if run.Status != record.StatusOK || !errors.Is(err, schedules.ErrRunNotRecorded) || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("status %s, err = %v; want ok and ErrRunNotRecorded with the cause", run.Status, err)
	}
}

// A record that went to the spool is not "not recorded": the error wraps
// ErrSpooled only.
func TestRunRecordSpooled(t *testing.T) {
	mem := &schedulestest.Store{}
	sp := &spoolingRuns{Store: mem}
	_, err := (&schedules.Ingester{Store: sp}).Run(context.Background(), schedules.Job{Source: "s", Kind: "k", Extractor: noDocs{}})
	if !errors.Is(err, schedules.ErrSpooled) || errors.Is(err, schedules.ErrRunNotRecorded) {
		t.Fatalf("err = %v, want ErrSpooled only", err)
	}
}

type spoolingRuns struct{ schedules.Store }

func (s *spoolingRuns) WriteRun(context.Context, record.Run, []record.RunError) error {
	return &schedules.SpooledError{Rows: 1, Where: "/spool/x.spool", Cause: errors.New("down")}
}

// A list page's failure is recorded with the list page's URL.
func TestListPageErrorCarriesItsURL(t *testing.T) {
	mem := &schedulestest.Store{}
	run, err := (&schedules.Ingester{Store: mem}).Run(context.Background(), schedules.Job{Source: "s", Kind: "k", Extractor: listFails{}})
	if err == nil || run.Status != record.StatusFailed {
		t.Fatalf("status %s, err %v", run.Status, err)
	}
	errs := mem.RunErrors()
	if len(errs) != 1 || errs[0].URL != "https://example.org/list.html" {
		t.Fatalf("ingest_errors = %+v, want the list page's URL", errs)
	}
}

// Errors recorded by a run carry no URL's password.
func TestRunErrorsAreRedacted(t *testing.T) {
	mem := &schedulestest.Store{}
	x := failingPage{url: "https://reader:pw-Zq9@example.org/a.html"}
	run, _ := (&schedules.Ingester{Store: mem}).Run(context.Background(), schedules.Job{Source: "s", Kind: "k", Extractor: x})
	errs := mem.RunErrors()
	if len(errs) != 1 || strings.Contains(errs[0].URL+errs[0].Error+run.FirstError, "pw-Zq9") ||
		errs[0].URL != "https://***@example.org/a.html" {
		t.Fatalf("ingest_errors = %+v, first error %q; want the password redacted", errs, run.FirstError)
	}
}

type failingPage struct{ url string }

func (f failingPage) Extract(_ context.Context, _ extract.Window, sink extract.Sink) error {
	sink.PageError(f.url, errors.New("fetching "+f.url+": HTTP 404"))
	return nil
}
