package extract

import "errors"

// Warning marks a page error that loses nothing by itself: a list date
// that does not parse (the page is fetched for its date), a next_page
// selector that matches nothing, a feed item's unreadable date. It is
// recorded like any page error, but a run whose only errors are warnings
// is not failed for them.
type Warning struct{ Err error }

func (w *Warning) Error() string { return "warning: " + w.Err.Error() }
func (w *Warning) Unwrap() error { return w.Err }

// Warn wraps err as a *Warning.
func Warn(err error) error { return &Warning{Err: err} }

// IsWarning reports whether err is or wraps a *Warning.
func IsWarning(err error) bool {
	var w *Warning
	return errors.As(err, &w)
}
