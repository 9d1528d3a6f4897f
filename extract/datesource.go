package extract

// Where a document's publication date was read (Document.DateSource, the
// articles table's date_source column). DateText, a labelled line away
// from the title, is the last resort.
const (
	DateMeta     = "meta"     // JSON-LD, <meta>, <time datetime>
	DateSelector = "selector" // the source's date selector
	DateByline   = "byline"   // a labelled or short line near the title ("发布时间：", "Release date:")
	DateURL      = "url"      // the page's URL (/2021/12/20/)
	DateMarkup   = "markup"   // date-classed elements and other structured data, found by go-htmldate
	DateList     = "list"     // the list page's entry, or the feed item, for the article
	DateText     = "text"     // a labelled line elsewhere on the page
)
