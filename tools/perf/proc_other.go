//go:build !linux

package main

import "syscall"

// sysProcAttr: a server process stops when its control pipe closes, which
// happens when the harness exits.
func sysProcAttr() *syscall.SysProcAttr { return nil }
