// Command etcd runs a single-member etcd server for the tests that drive a real kube-apiserver
// (docs/operator.md, "The real Kubernetes API server"): go.etcd.io/etcd/server/v3/embed behind flags
// for the data directory and the two loopback URLs. It stops cleanly on SIGTERM or SIGINT.
package main

import (
	"flag"
	"log"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

func main() {
	dataDir := flag.String("data-dir", "", "directory for the member's data (required)")
	clientURL := flag.String("listen-client-urls", "http://127.0.0.1:2379", "client URL (also advertised)")
	peerURL := flag.String("listen-peer-urls", "http://127.0.0.1:2380", "peer URL (also advertised)")
	flag.Parse()
	if *dataDir == "" {
		log.Fatal("--data-dir is required")
	}
	cfg := embed.NewConfig()
	cfg.Dir = *dataDir
	cfg.LogLevel = "warn"
	client, peer := mustParse(*clientURL), mustParse(*peerURL)
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{client}, []url.URL{client}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{peer}, []url.URL{peer}
	cfg.InitialCluster = cfg.Name + "=" + peer.String()
	// Test data only: no fsync per write (the server is thrown away with its directory).
	cfg.UnsafeNoFsync = true
	server, err := embed.StartEtcd(cfg)
	if err != nil {
		log.Fatalf("etcd did not start: %v", err)
	}
	select {
	case <-server.Server.ReadyNotify():
		log.Printf("etcd ready on %s", client.String())
	case <-time.After(60 * time.Second):
		server.Close()
		log.Fatal("etcd was not ready within 60s")
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	select {
	case <-signals:
		server.Close()
	case err := <-server.Err():
		log.Fatalf("etcd failed: %v", err)
	}
}

func mustParse(raw string) url.URL {
	parsed, err := url.Parse(raw)
	if err != nil {
		log.Fatalf("bad URL %q: %v", raw, err)
	}
	return *parsed
}
