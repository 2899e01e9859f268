package peers

import (
	"fmt"
	"strconv"
	"strings"
)

// Request is a container asked for on the command line, before anything is built or started:
//
//	refserver[,fault=NAME]...[,config=FILE]
//	image=NAME,port=N,path=/TARGET/PATH/[,hostport=N][,ready=/PATH][,env=K=V]...[,file=HOST:/CONTAINER/PATH]...[,arg=X]...
//
// Values cannot hold commas; env, file, arg and fault repeat.
type Request struct {
	// Refserver asks for the reference server, built locally; Options tune it.
	Refserver bool
	Options   RefserverOptions
	// Spec is the image to start when Refserver is false.
	Spec Spec
}

// ParseRequest parses the text of a --container-a / --container-b flag.
func ParseRequest(text string) (Request, error) {
	var r Request
	fields := strings.Split(text, ",")
	head := strings.TrimSpace(fields[0])
	if head == "refserver" {
		r.Refserver = true
		for _, f := range fields[1:] {
			k, v, err := keyValue(f)
			if err != nil {
				return r, err
			}
			switch k {
			case "fault":
				r.Options.Faults = append(r.Options.Faults, v)
			case "config":
				if r.Options.ConfigFile != "" {
					return r, fmt.Errorf("container refserver: config given twice")
				}
				r.Options.ConfigFile = v
			default:
				return r, fmt.Errorf("container refserver: unknown key %q (known: fault, config)", k)
			}
		}
		return r, nil
	}

	r.Spec.Env = map[string]string{}
	seen := map[string]bool{}
	for _, f := range fields {
		k, v, err := keyValue(f)
		if err != nil {
			return r, fmt.Errorf("%w (want refserver[,...] or image=NAME,port=N,path=/...)", err)
		}
		switch k {
		case "image", "port", "hostport", "path", "ready":
			if seen[k] {
				return r, fmt.Errorf("container: %s given twice", k)
			}
			seen[k] = true
		}
		switch k {
		case "image":
			r.Spec.Image = v
		case "port", "hostport":
			n, err := strconv.Atoi(v)
			if err != nil {
				return r, fmt.Errorf("container: %s %q is not a number", k, v)
			}
			if k == "port" {
				r.Spec.Port = n
			} else {
				r.Spec.HostPort = n
			}
		case "path":
			r.Spec.Path = v
		case "ready":
			r.Spec.ReadyPath = v
		case "env":
			name, val, ok := strings.Cut(v, "=")
			if !ok || name == "" {
				return r, fmt.Errorf("container: env wants NAME=VALUE, got %q", v)
			}
			r.Spec.Env[name] = val
		case "file":
			// The destination is absolute, so the last ":/" separates the two paths.
			i := strings.LastIndex(v, ":/")
			if i <= 0 {
				return r, fmt.Errorf("container: file wants HOST_PATH:/CONTAINER/PATH, got %q", v)
			}
			r.Spec.Files = append(r.Spec.Files, File{HostPath: v[:i], ContainerPath: v[i+1:]})
		case "arg":
			r.Spec.Args = append(r.Spec.Args, v)
		default:
			return r, fmt.Errorf("container: unknown key %q (known: image, port, hostport, path, ready, env, file, arg)", k)
		}
	}
	for _, k := range []string{"image", "port", "path"} {
		if !seen[k] {
			return r, fmt.Errorf("container: %s= is required for an image (e.g. image=opentaxii:local,port=9000,path=/taxii2/)", k)
		}
	}
	return r, nil
}

// Label names the request for people: "refserver", "refserver+FAULT…" or the image name.
func (r Request) Label() string {
	if r.Refserver {
		if len(r.Options.Faults) > 0 {
			return "refserver+" + strings.Join(r.Options.Faults, "+")
		}
		return "refserver"
	}
	return r.Spec.Image
}

func keyValue(field string) (string, string, error) {
	k, v, ok := strings.Cut(strings.TrimSpace(field), "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" || v == "" {
		return "", "", fmt.Errorf("container: %q is not key=value", field)
	}
	return k, v, nil
}
