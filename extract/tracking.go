package extract

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters that identify a campaign or a click,
// never the page.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "msclkid": true,
	"yclid": true, "mc_cid": true, "mc_eid": true, "igshid": true, "_ga": true, "_gl": true,
	"ref_src": true, "spm": true, "mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true,
	"vero_id": true, "_hsenc": true, "_hsmi": true, "twclid": true, "ttclid": true, "li_fat_id": true,
	"s_cid": true, "cmpid": true,
}

// isTrackingParam reports whether the query parameter key is a tracking
// parameter: one of trackingParams, or utm_* (any case).
func isTrackingParam(key string) bool {
	k := strings.ToLower(key)
	return strings.HasPrefix(k, "utm_") || trackingParams[k]
}

// dropTracking removes tracking parameters from u's query, keeping the
// others in their order and spelling.
func dropTracking(u *url.URL) {
	if u.RawQuery == "" {
		return
	}
	parts := strings.Split(u.RawQuery, "&")
	kept := parts[:0]
	for _, p := range parts {
		key := p
		if i := strings.IndexByte(p, '='); i >= 0 {
			key = p[:i]
		}
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if p == "" || isTrackingParam(key) {
			continue
		}
		kept = append(kept, p)
	}
	u.RawQuery = strings.Join(kept, "&")
	u.ForceQuery = false
}
