// compose-check validates docker-compose.yml the way `docker compose config` does — the Compose
// specification's JSON schema plus compose-go's own checks (interpolation, references between
// services, volumes and networks) — on machines with no Docker engine or compose plugin.
package main

import (
	"context"
	"fmt"
	"os"
	"sort"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	file := "docker-compose.yml"
	if len(os.Args) > 1 {
		file = os.Args[1]
	}
	options, err := cli.NewProjectOptions([]string{file}, cli.WithName("eventline"), cli.WithOsEnv,
		// Every profile: services started only on request (the ops tools) are checked as well.
		cli.WithProfiles([]string{"*"}))
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	names := project.ServiceNames()
	sort.Strings(names)
	fmt.Printf("%s is valid: services %v\n", file, names)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "compose-check: %v\n", err)
	os.Exit(1)
}
