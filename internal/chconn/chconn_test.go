package chconn

import (
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/newsetl/newsetl/config"
)

func TestOptions(t *testing.T) {
	cfg := config.ClickHouse{Addr: "127.0.0.1:9000", Database: "newsetl", Username: "etl", Password: "pw", DialTimeout: 3 * time.Second}
	o, err := Options(cfg, "newsetl-analyst")
	if err != nil {
		t.Fatal(err)
	}
	if o.Protocol != clickhouse.Native || len(o.Addr) != 1 || o.Addr[0] != cfg.Addr || o.Auth.Database != "default" ||
		o.Auth.Username != "etl" || o.Auth.Password != "pw" || o.DialTimeout != 3*time.Second || o.MaxOpenConns != 4 || o.MaxIdleConns != 2 ||
		o.Compression == nil || o.Compression.Method != clickhouse.CompressionLZ4 ||
		len(o.ClientInfo.Products) != 1 || o.ClientInfo.Products[0].Name != "newsetl-analyst" || o.Settings != nil {
		t.Errorf("ClientOptions = %+v", o)
	}
	for _, db := range []string{"", "newsetl.facts", "x;DROP TABLE y", "a-b", "`x`"} {
		cfg.Database = db
		if _, err := Options(cfg, "newsetl"); err == nil || !strings.Contains(err.Error(), "plain identifier") {
			t.Errorf("database %q: %v, want a refusal", db, err)
		}
	}
}
