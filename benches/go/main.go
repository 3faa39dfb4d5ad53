// Times Go's expr (Debian's golang-github-antonmedv-expr-dev, v1.8.9, the only
// version reachable from this machine) on the JumpCloud expressions that
// version can parse (1, 4 and 5; `find` and `??` came later), on the bench
// record read from stdin, with the host functions written as a Go host would.
//
//	apt-get install golang-go golang-github-antonmedv-expr-dev
//	cargo run --release --example profile record | \
//	    GO111MODULE=off GOPATH=/usr/share/gocode go run benches/go/main.go
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/antonmedv/expr"
)

func notNullOrEmpty(v interface{}) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case []interface{}:
		return len(x) > 0
	case map[string]interface{}:
		return len(x) > 0
	}
	return true
}

func toScimEmails(v interface{}) interface{} {
	s, ok := v.(string)
	if !ok || s == "" {
		return nil
	}
	return []interface{}{map[string]interface{}{"value": s, "type": "work", "primary": true}}
}

var expressions = []struct{ name, src string }{
	{"1-displayName", "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : (notNullOrEmpty(jcUser.lastname) ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.firstname)"},
	{"4-emails", "toScimEmails(jcUser.email)"},
	{"5-externalId", "notNullOrEmpty(providerUser.externalId) ? providerUser.externalId : jcUser.id"},
}

func main() {
	text, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	var user map[string]interface{}
	if err := json.Unmarshal(text, &user); err != nil {
		panic(err)
	}
	env := map[string]interface{}{
		"jcUser":         user,
		"providerUser":   map[string]interface{}{},
		"notNullOrEmpty": notNullOrEmpty,
		"toScimEmails":   toScimEmails,
	}
	for _, e := range expressions {
		program, err := expr.Compile(e.src, expr.Env(env))
		if err != nil {
			panic(err)
		}
		out, err := expr.Run(program, env)
		if err != nil {
			panic(err)
		}
		r := testing.Benchmark(func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := expr.Run(program, env); err != nil {
					b.Fatal(err)
				}
			}
		})
		res, _ := json.Marshal(out)
		fmt.Printf("%s\t%d ns/op\t%s\n", e.name, r.NsPerOp(), res)
	}
}
