#!/usr/bin/env bash
# Real peers for the interop tests: installs them, runs a throwaway OpenSMTPD and a throwaway
# Dovecot POP3 and IMAP server, and records what real SMTP, POP3 and IMAP clients send. See
# scripts/README.md for what was observed and why.
#
#   interop.sh install                          apt-get the tools the interop tests use (root)
#   interop.sh opensmtpd-start WORKDIR PORT     start OpenSMTPD on 127.0.0.1:PORT, print its pid (root)
#   interop.sh opensmtpd-stop WORKDIR           stop it, remove its queue and sockets (root)
#   interop.sh maildir-wait WORKDIR COUNT [SECONDS]
#                                               wait for COUNT delivered messages, print their paths
#   interop.sh maildir-strip FILE               print FILE without the trace lines OpenSMTPD prepends
#   interop.sh capture OUTDIR                   record Python smtplib, curl and swaks sessions
#   interop.sh dovecot-start WORKDIR PORT [IMAP_PORT]
#                                               start Dovecot POP3 on 127.0.0.1:PORT (and IMAP on
#                                               127.0.0.1:IMAP_PORT), print its pid (root)
#   interop.sh dovecot-stop WORKDIR             stop it, remove its sockets and state (root)
#   interop.sh maildir-put WORKDIR FILE...      store FILEs in WORKDIR/maildir/new, print their paths
#                                               (the file name is Dovecot's UIDL) (root)
#   interop.sh pop3-capture OUTDIR              record poplib, curl and raw sessions with Dovecot (root)
#   interop.sh imap-capture OUTDIR              record scripted, imaplib and curl IMAP sessions with
#                                               Dovecot (root)
set -euo pipefail

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
SMTPD=/usr/sbin/smtpd
PACKAGES=(opensmtpd swaks curl python3 dovecot-pop3d dovecot-imapd)
# The unprivileged user OpenSMTPD delivers as (it refuses to deliver as root).
DELIVERY_USER=mailwire-interop
START_TIMEOUT_SECONDS=${INTEROP_START_TIMEOUT:-15}
STOP_TIMEOUT_SECONDS=10

die() {
    printf 'interop.sh: %s\n' "$*" >&2
    exit 1
}

note() {
    printf 'interop.sh: %s\n' "$*" >&2
}

usage() {
    printf 'usage:\n' >&2
    sed -n '6,22s/^#  //p' "${BASH_SOURCE[0]}" >&2
    exit 2
}

require_root() {
    [[ $(id -u) -eq 0 ]] || die "$1 needs root"
}

# --- install -------------------------------------------------------------------------------------

package_installed() {
    [[ $(dpkg-query -W -f '${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

cmd_install() {
    local missing=() package
    for package in "${PACKAGES[@]}"; do
        package_installed "$package" || missing+=("$package")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        note "already installed: ${PACKAGES[*]}"
        return 0
    fi
    require_root install
    note "installing: ${missing[*]}"
    # Installing opensmtpd would start the system MTA on port 25, and dovecot-pop3d a system
    # Dovecot on ports 110 and 995, where invoke-rc.d is allowed to start services; the tests run
    # their own instances, so forbid that for the duration.
    local guard=
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        guard=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' >"$guard"
        chmod 0755 "$guard"
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
    if [[ -n $guard ]]; then
        rm -f "$guard"
        trap - EXIT
    fi
}

# --- OpenSMTPD -----------------------------------------------------------------------------------

# A workdir path goes into smtpd.conf inside double quotes, where OpenSMTPD also expands %{...}:
# keep to characters that need no quoting at all.
check_workdir() {
    [[ $1 =~ ^/[A-Za-z0-9._/-]+$ ]] ||
        die "workdir must be an absolute path of letters, digits and . _ / - (got '$1')"
}

check_port() {
    if ! [[ $1 =~ ^[0-9]{1,5}$ ]] || ((10#$1 < 1 || 10#$1 > 65535)); then
        die "port must be a number from 1 to 65535 (got '$1')"
    fi
}

# Prints the first line the server at 127.0.0.1:$1 sends; fails if nothing accepts there.
read_banner() {
    (
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        local line=
        read -r -t 2 line <&3 || true
        printf 'QUIT\r\n' >&3 || true
        exec 3>&-
        printf '%s\n' "${line%$'\r'}"
    ) 2>/dev/null
}

# Whether process $1 exists and is not a zombie (a zombie still answers kill -0).
process_alive() {
    local stat
    [[ $1 =~ ^[0-9]+$ ]] || return 1
    # (not $(<file): under set -e its failure ends the script despite ||)
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
    # Field 3, after the command name in parentheses (which may contain spaces).
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]]
}

any_alive() {
    local pid
    for pid in "$@"; do
        process_alive "$pid" && return 0
    done
    return 1
}

# Whether this machine lets us give smtpd private /var/spool and /run (needs CAP_SYS_ADMIN, which
# a default Docker container does not have).
# INTEROP_SHARED_SPOOL=1 forces the shared fallback (to test it where namespaces work).
can_unshare_mounts() {
    [[ ${INTEROP_SHARED_SPOOL:-0} != 1 ]] && unshare --mount --propagation private true 2>/dev/null
}

ensure_delivery_user() {
    id -u "$DELIVERY_USER" >/dev/null 2>&1 && return 0
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
        "$DELIVERY_USER" || die "could not create the delivery user $DELIVERY_USER"
}

render_config() {
    local template="$SCRIPTS_DIR/opensmtpd/smtpd.conf.in" port=$1 maildir=$2 text
    text=$(<"$template")
    text=${text//@PORT@/"$port"}
    text=${text//@MAILDIR@/"$maildir"}
    text=${text//@USER@/"$DELIVERY_USER"}
    printf '%s\n' "$text"
}

cmd_opensmtpd_start() {
    [[ $# -eq 2 ]] || usage
    local workdir=$1 port=$2
    require_root opensmtpd-start
    [[ -x $SMTPD ]] || die "$SMTPD not found; run: bash scripts/interop.sh install"
    check_port "$port"
    check_workdir "$workdir"
    mkdir -p "$workdir"
    # Again after resolving symbolic links: the resolved path is what goes into smtpd.conf.
    workdir=$(cd "$workdir" && pwd -P)
    check_workdir "$workdir"
    if [[ -f $workdir/smtpd.pid ]] && process_alive "$(<"$workdir/smtpd.pid")"; then
        die "an OpenSMTPD started in $workdir is still running (pid $(<"$workdir/smtpd.pid"))"
    fi
    if read_banner "$port" >/dev/null; then
        die "something already listens on 127.0.0.1:$port"
    fi

    ensure_delivery_user
    local maildir=$workdir/maildir conf=$workdir/smtpd.conf log=$workdir/smtpd.log
    # The delivery user must be able to reach the maildir through every parent directory.
    chmod a+x "$workdir"
    mkdir -p "$maildir"
    chown "$DELIVERY_USER:" "$maildir"
    chmod 0700 "$maildir"
    runuser -u "$DELIVERY_USER" -- test -w "$maildir" ||
        die "$DELIVERY_USER cannot write $maildir: a parent directory is not searchable by others" \
            "(use a workdir under /tmp)"
    render_config "$port" "$maildir" >"$conf"
    "$SMTPD" -n -f "$conf" >/dev/null 2>"$log" || die "$conf is invalid: $(<"$log")"

    # smtpd has no option for its queue (/var/spool/smtpd) or control socket (/run/smtpd.sock).
    # Where mount namespaces are allowed it gets private copies of both under WORKDIR, so it
    # touches nothing outside WORKDIR and several instances can run side by side. Otherwise it
    # shares them with the system, and only one instance can run at a time.
    local pid mode
    if can_unshare_mounts; then
        mode=private
        mkdir -p "$workdir/var-spool/smtpd" "$workdir/run"
        # smtpd insists on this mode for its spool directory.
        chmod 0711 "$workdir/var-spool/smtpd"
        # -d: stay in the foreground and log to stderr; -v: verbose log.
        # shellcheck disable=SC2016 # $1..$4 are the inner shell's arguments
        unshare --mount --propagation private \
            sh -c 'mount --bind "$1" /var/spool && mount --bind "$2" /run && exec "$3" -d -v -f "$4"' \
            sh "$workdir/var-spool" "$workdir/run" "$SMTPD" "$conf" </dev/null >"$log" 2>&1 &
        pid=$!
    else
        mode=shared
        if [[ -S /run/smtpd.sock ]] && smtpctl show status >/dev/null 2>&1; then
            die "mount namespaces are not available here and another OpenSMTPD owns" \
                "/run/smtpd.sock; stop it first"
        fi
        note "mount namespaces not available: sharing /var/spool/smtpd and /run/smtpd.sock"
        "$SMTPD" -d -v -f "$conf" </dev/null >"$log" 2>&1 &
        pid=$!
    fi
    printf '%s\n' "$pid" >"$workdir/smtpd.pid"
    printf '%s\n' "$mode" >"$workdir/smtpd.mode"

    local waited=0 banner
    while :; do
        if ! process_alive "$pid"; then
            die "OpenSMTPD exited during start-up; last lines of $log:"$'\n'"$(tail -n 20 "$log")"
        fi
        if banner=$(read_banner "$port") && [[ $banner == 220* ]]; then
            break
        fi
        if ((waited >= START_TIMEOUT_SECONDS * 10)); then
            kill "$pid" 2>/dev/null || true
            die "OpenSMTPD did not answer on 127.0.0.1:$port within ${START_TIMEOUT_SECONDS}s;" \
                "see $log"
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    printf '%s\n' "$pid"
}

# The pids whose parent is $1.
child_pids() {
    local status ppid
    for status in /proc/[0-9]*/status; do
        ppid=$(awk '$1 == "PPid:" { print $2 }' "$status" 2>/dev/null) || continue
        [[ $ppid == "$1" ]] && basename "$(dirname "$status")"
    done
    return 0
}

cmd_opensmtpd_stop() {
    [[ $# -eq 1 ]] || usage
    local workdir=$1
    require_root opensmtpd-stop
    [[ -d $workdir ]] || die "no such workdir: $workdir"
    workdir=$(cd "$workdir" && pwd -P)
    if [[ ! -f $workdir/smtpd.pid ]]; then
        note "no OpenSMTPD recorded in $workdir"
        return 0
    fi
    local pid pids waited=0
    pid=$(<"$workdir/smtpd.pid")
    if process_alive "$pid"; then
        # smtpd's privilege-separated children exit when the parent goes; wait for them too.
        mapfile -t pids < <(child_pids "$pid")
        pids+=("$pid")
        kill -TERM "$pid" 2>/dev/null || true
        while any_alive "${pids[@]}"; do
            if ((waited >= STOP_TIMEOUT_SECONDS * 10)); then
                note "OpenSMTPD (pid $pid) ignored SIGTERM; sending SIGKILL"
                kill -KILL "${pids[@]}" 2>/dev/null || true
                break
            fi
            sleep 0.1
            waited=$((waited + 1))
        done
    fi
    # The queue and control socket; the maildir, config and log stay for inspection.
    rm -rf "$workdir/var-spool" "$workdir/run"
    rm -f "$workdir/smtpd.pid" "$workdir/smtpd.mode"
}

# --- delivered files -----------------------------------------------------------------------------

cmd_maildir_wait() {
    [[ $# -eq 2 || $# -eq 3 ]] || usage
    local workdir=$1 count=$2 seconds=${3:-10} waited=0 files
    [[ $count =~ ^[0-9]+$ && $seconds =~ ^[0-9]+$ ]] || die "COUNT and SECONDS must be numbers"
    local new=$workdir/maildir/new
    while :; do
        # Oldest first (maildir names start with the delivery time, but only to the second).
        files=$(find "$new" -maxdepth 1 -type f -printf '%T@ %p\n' 2>/dev/null | sort -n |
            cut -d' ' -f2-)
        if [[ -n $files ]] && (($(wc -l <<<"$files") >= count)); then
            printf '%s\n' "$files"
            return 0
        fi
        if ((waited >= seconds * 10)); then
            die "fewer than $count messages in $new after ${seconds}s" \
                "(see $workdir/smtpd.log)"
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

cmd_maildir_strip() {
    [[ $# -eq 1 ]] || usage
    python3 - "$1" <<'PY'
import sys

# OpenSMTPD 6.8 prepends exactly these to a maildir delivery, each line ending in LF:
#   Return-Path: <sender>      (absent when the reverse-path was <>)
#   Delivered-To: recipient
#   Received: ...              (one line and two or three continuation lines starting with TAB;
#                              "for <rcpt>;" only for a single-recipient message)
# Anything else at the top means OpenSMTPD changed: fail rather than guess.
data = open(sys.argv[1], "rb").read()
lines = data.split(b"\n")
at = 1 if lines[0].startswith(b"Return-Path: ") else 0
for start in (b"Delivered-To: ", b"Received: "):
    if at >= len(lines) or not lines[at].startswith(start):
        sys.exit("maildir-strip: line %d does not start with %r" % (at + 1, start))
    at += 1
while at < len(lines) and lines[at].startswith(b"\t"):
    at += 1
sys.stdout.buffer.write(b"\n".join(lines[at:]))
PY
}

# --- Dovecot POP3 --------------------------------------------------------------------------------

DOVECOT=/usr/sbin/dovecot
# The IMAP session process, from dovecot-imapd.
DOVECOT_IMAP=/usr/lib/dovecot/imap
# The test user, as in scripts/dovecot/users (the password has a space on purpose: PASS takes the
# whole rest of the line).
POP3_USER=mailwire
POP3_PASSWORD='pop3 secret'

# The maildir both servers use, created for and owned by the delivery user. Dovecot reads it as
# that user, so WORKDIR must be searchable by others (a directory under /tmp works).
ensure_maildir() {
    local workdir=$1 maildir=$1/maildir
    ensure_delivery_user
    chmod a+x "$workdir"
    mkdir -p "$maildir/new" "$maildir/cur" "$maildir/tmp"
    chown -R "$DELIVERY_USER:" "$maildir"
    chmod 0700 "$maildir" "$maildir/new" "$maildir/cur" "$maildir/tmp"
    runuser -u "$DELIVERY_USER" -- test -w "$maildir/new" ||
        die "$DELIVERY_USER cannot write $maildir: a parent directory is not searchable by others" \
            "(use a workdir under /tmp)"
}

# The POP3 configuration, followed by the IMAP additions when $3 (the IMAP port) is not empty.
render_dovecot_config() {
    local port=$1 workdir=$2 imap_port=$3 text
    text=$(<"$SCRIPTS_DIR/dovecot/dovecot.conf.in")
    if [[ -n $imap_port ]]; then
        text+=$'\n\n'$(<"$SCRIPTS_DIR/dovecot/imap.conf.in")
        text=${text//@IMAP_PORT@/"$imap_port"}
    fi
    text=${text//@PORT@/"$port"}
    text=${text//@WORKDIR@/"$workdir"}
    text=${text//@USER@/"$DELIVERY_USER"}
    printf '%s\n' "$text"
}

cmd_dovecot_start() {
    [[ $# -eq 2 || $# -eq 3 ]] || usage
    local workdir=$1 port=$2 imap_port=${3:-}
    require_root dovecot-start
    [[ -x $DOVECOT ]] || die "$DOVECOT not found; run: bash scripts/interop.sh install"
    check_port "$port"
    if [[ -n $imap_port ]]; then
        check_port "$imap_port"
        [[ -x $DOVECOT_IMAP ]] || die "$DOVECOT_IMAP not found; run: bash scripts/interop.sh install"
        ((10#$imap_port != 10#$port)) || die "the POP3 and IMAP ports must differ"
    fi
    check_workdir "$workdir"
    mkdir -p "$workdir"
    # Again after resolving symbolic links: the resolved path is what goes into dovecot.conf.
    workdir=$(cd "$workdir" && pwd -P)
    check_workdir "$workdir"
    if [[ -f $workdir/dovecot.pid ]] && process_alive "$(<"$workdir/dovecot.pid")"; then
        die "a Dovecot started in $workdir is still running (pid $(<"$workdir/dovecot.pid"))"
    fi
    local listen_port
    for listen_port in "$port" $imap_port; do
        if read_banner "$listen_port" >/dev/null; then
            die "something already listens on 127.0.0.1:$listen_port"
        fi
    done

    ensure_maildir "$workdir"
    mkdir -p "$workdir/home"
    chown "$DELIVERY_USER:" "$workdir/home"
    local conf=$workdir/dovecot.conf log=$workdir/dovecot.log
    cp "$SCRIPTS_DIR/dovecot/users" "$workdir/dovecot.users"
    render_dovecot_config "$port" "$workdir" "$imap_port" >"$conf"
    # -n parses the configuration and prints what differs from the defaults.
    "$DOVECOT" -n -c "$conf" >/dev/null 2>"$log" || die "$conf is invalid: $(<"$log")"

    # -F: stay in the foreground (no daemonising, no systemd). Dovecot's log process appends to
    # the same file (log_path), so the redirection appends too.
    : >"$log"
    "$DOVECOT" -F -c "$conf" </dev/null >>"$log" 2>&1 &
    local pid=$!
    printf '%s\n' "$pid" >"$workdir/dovecot.pid"

    local waited=0 banner
    while :; do
        if ! process_alive "$pid"; then
            die "Dovecot exited during start-up; last lines of $log:"$'\n'"$(tail -n 20 "$log")"
        fi
        if banner=$(read_banner "$port") && [[ $banner == '+OK'* ]] &&
            { [[ -z $imap_port ]] ||
                { banner=$(read_banner "$imap_port") && [[ $banner == '* OK'* ]]; }; }; then
            break
        fi
        if ((waited >= START_TIMEOUT_SECONDS * 10)); then
            kill "$pid" 2>/dev/null || true
            die "Dovecot did not answer on 127.0.0.1:$port within ${START_TIMEOUT_SECONDS}s;" \
                "see $log"
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    printf '%s\n' "$pid"
}

cmd_dovecot_stop() {
    [[ $# -eq 1 ]] || usage
    local workdir=$1
    require_root dovecot-stop
    [[ -d $workdir ]] || die "no such workdir: $workdir"
    workdir=$(cd "$workdir" && pwd -P)
    if [[ ! -f $workdir/dovecot.pid ]]; then
        note "no Dovecot recorded in $workdir"
        return 0
    fi
    local pid pids waited=0
    pid=$(<"$workdir/dovecot.pid")
    if process_alive "$pid"; then
        # On SIGTERM the master stops its service processes, but a POP3 or IMAP session process stays
        # (with the log and stats processes) for as long as its client keeps the connection:
        # those get a SIGTERM of their own after a second.
        mapfile -t pids < <(child_pids "$pid")
        pids+=("$pid")
        kill -TERM "$pid" 2>/dev/null || true
        while any_alive "${pids[@]}"; do
            if ((waited == 10)); then
                kill -TERM "${pids[@]}" 2>/dev/null || true
            fi
            if ((waited >= STOP_TIMEOUT_SECONDS * 10)); then
                note "Dovecot (pid $pid) ignored SIGTERM; sending SIGKILL"
                kill -KILL "${pids[@]}" 2>/dev/null || true
                break
            fi
            sleep 0.1
            waited=$((waited + 1))
        done
    fi
    # Sockets and state; the maildir, config, users file and log stay for inspection.
    rm -rf "$workdir/dovecot-run" "$workdir/dovecot-state"
    rm -f "$workdir/dovecot.pid"
}

# Stores each FILE as it is (no line-end conversion) in WORKDIR/maildir/new under a new name
# "T.MN.mailwire" (N counts up from 1 per WORKDIR, T = 1767225600 + N), owned by the delivery user,
# with T as its modification time, and prints the paths. Dovecot numbers new messages in the order
# of those names, and its UIDL (pop3_uidl_format = %f) is the name.
cmd_maildir_put() {
    [[ $# -ge 2 ]] || usage
    local workdir=$1 file seq=0
    shift
    require_root maildir-put
    for file in "$@"; do
        [[ -f $file && -r $file ]] || die "not a readable file: $file"
    done
    mkdir -p "$workdir"
    workdir=$(cd "$workdir" && pwd -P)
    ensure_maildir "$workdir"
    local counter=$workdir/maildir-put.seq
    if [[ -f $counter ]]; then
        read -r seq <"$counter"
        [[ $seq =~ ^[0-9]+$ ]] || die "$counter does not hold a number"
    fi
    local name time
    for file in "$@"; do
        seq=$((10#$seq + 1))
        time=$((1767225600 + seq))
        name=$time.M$seq.mailwire
        # Written into tmp/ and renamed into new/, so Dovecot never sees half a file.
        cp "$file" "$workdir/maildir/tmp/$name"
        chown "$DELIVERY_USER:" "$workdir/maildir/tmp/$name"
        chmod 0600 "$workdir/maildir/tmp/$name"
        touch -d "@$time" "$workdir/maildir/tmp/$name"
        mv "$workdir/maildir/tmp/$name" "$workdir/maildir/new/$name"
        printf '%s\n' "$seq" >"$counter"
        printf '%s\n' "$workdir/maildir/new/$name"
    done
}

# --- captures of real clients --------------------------------------------------------------------

# Runs one client session through a recorder, recorded as $outdir/$name.{client,server,reads}.txt:
# capture_listener.py (canned SMTP replies) if $upstream is empty, otherwise capture_proxy.py
# forwarding to the server on 127.0.0.1:$upstream. The client command is the rest of the
# arguments, where @PORT@ is replaced by the recorder's port.
record_session() {
    local outdir=$1 name=$2 upstream=$3
    shift 3
    local portfile=$outdir/.port waited=0 port='' recorder listen
    rm -f "$portfile"
    listen=$(free_port)
    if [[ -z $upstream ]]; then
        python3 "$SCRIPTS_DIR/capture_listener.py" "$listen" "$outdir/$name" >"$portfile" &
    else
        python3 "$SCRIPTS_DIR/capture_proxy.py" "$listen" "$upstream" "$outdir/$name" >"$portfile" &
    fi
    recorder=$!
    while [[ ! -s $portfile ]]; do
        ((waited < 100)) || die "capture recorder did not start"
        sleep 0.05
        waited=$((waited + 1))
    done
    read -r _ port <"$portfile"
    rm -f "$portfile"
    local args=() arg
    for arg in "$@"; do
        args+=("${arg//@PORT@/"$port"}")
    done
    if ! "${args[@]}" >"$outdir/.client-output" 2>&1; then
        kill "$recorder" 2>/dev/null || true
        die "client for $name failed: $(<"$outdir/.client-output")"
    fi
    rm -f "$outdir/.client-output"
    wait "$recorder" || die "capture recorder for $name failed"
    note "captured $name"
}

# One SMTP client session against capture_listener.py.
capture_one() {
    local outdir=$1 name=$2
    shift 2
    record_session "$outdir" "$name" '' "$@"
}

cmd_capture() {
    [[ $# -eq 1 ]] || usage
    local outdir=$1 work
    for tool in python3 curl swaks; do
        command -v "$tool" >/dev/null || die "$tool not found; run: bash scripts/interop.sh install"
    done
    mkdir -p "$outdir"
    work=$(mktemp -d)
    # shellcheck disable=SC2064 # expand $work now
    trap "rm -rf '$work'" EXIT

    # The messages: fixed headers (no client-generated Date or Message-ID), CRLF line ends except
    # in the -lf variants. dotfirst has no header: its first line (right after DATA) is ".".
    local plain=$work/plain.eml dots=$work/dots.eml lf=$work/dots-lf.eml first=$work/dotfirst.eml
    printf '%s\r\n' 'From: a@b.test' 'To: user@example.test' 'Subject: plain' \
        'Date: Thu, 01 Jan 2026 00:00:00 +0000' 'Message-ID: <plain@b.test>' '' \
        'Hello from the interop capture.' >"$plain"
    printf '%s\r\n' 'From: a@b.test' 'To: user@example.test' 'Subject: dots' \
        'Date: Thu, 01 Jan 2026 00:00:00 +0000' 'Message-ID: <dots@b.test>' '' \
        '.one leading dot' '..two leading dots' '.' 'a line' '..' 'last line' >"$dots"
    tr -d '\r' <"$dots" >"$lf"
    printf '%s\r\n' '.' '..second line' 'last line' >"$first"
    # For swaks, which adds CRLF "." CRLF even after a final CRLF: the plain message without it,
    # and (for --no-data-fixup, which sends the file and one CRLF) dotfirst stuffed by hand.
    local noeol=$work/plain-noeol.eml raw=$work/dotfirst-stuffed.eml
    head -c -2 "$plain" >"$noeol"
    printf '..\r\n...second line\r\nlast line\r\n.' >"$raw"

    local helo=client.example.test
    # argv: port, message file, "bytes" or "str" (sendmail treats them differently), then any
    # MAIL parameters to add; "login" as the third word logs in as u/p first.
    local smtplib_send="
import smtplib, sys
port, path, kind, opts = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
mail = open(path, 'rb').read()
if kind == 'str':
    mail = mail.decode('ascii')
with smtplib.SMTP('127.0.0.1', port, local_hostname='$helo') as s:
    if kind == 'login':
        s.login('u', 'p')
    s.sendmail('a@b.test', ['user@example.test'], mail, mail_options=opts)
"
    local py=(python3 -c "$smtplib_send" @PORT@)
    capture_one "$outdir" smtplib-plain "${py[@]}" "$plain" bytes
    capture_one "$outdir" smtplib-dots "${py[@]}" "$dots" bytes
    capture_one "$outdir" smtplib-dots-lf "${py[@]}" "$lf" bytes
    capture_one "$outdir" smtplib-dots-lf-str "${py[@]}" "$lf" str
    capture_one "$outdir" smtplib-dotfirst "${py[@]}" "$first" bytes
    capture_one "$outdir" smtplib-size-twice "${py[@]}" "$plain" bytes \
        "SIZE=$(wc -c <"$plain")" BODY=8BITMIME
    capture_one "$outdir" smtplib-auth "${py[@]}" "$plain" login
    capture_one "$outdir" smtplib-send_message python3 -c "
import smtplib, sys
from email.message import EmailMessage
m = EmailMessage()
m['From'] = 'a@b.test'
m['To'] = 'user@example.test'
m['Subject'] = 'send_message'
m['Date'] = 'Thu, 01 Jan 2026 00:00:00 +0000'
m['Message-ID'] = '<send-message@b.test>'
m.set_content('.a leading dot\nsecond line\n')
with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='$helo') as s:
    s.send_message(m)
" @PORT@

    local curl=(curl --silent --show-error "smtp://127.0.0.1:@PORT@/$helo"
        --mail-from a@b.test --mail-rcpt user@example.test)
    capture_one "$outdir" curl-plain "${curl[@]}" --upload-file "$plain"
    capture_one "$outdir" curl-dots "${curl[@]}" --upload-file "$dots"
    capture_one "$outdir" curl-dots-lf "${curl[@]}" --upload-file "$lf"
    capture_one "$outdir" curl-dots-lf-crlf "${curl[@]}" --crlf --upload-file "$lf"
    capture_one "$outdir" curl-dotfirst "${curl[@]}" --upload-file "$first"
    capture_one "$outdir" curl-auth "${curl[@]}" --user u:p --upload-file "$plain"
    capture_one "$outdir" curl-auth-ir "${curl[@]}" --user u:p --sasl-ir --upload-file "$plain"
    capture_one "$outdir" curl-auth-login "${curl[@]}" --user u:p --login-options AUTH=LOGIN \
        --upload-file "$plain"

    local swaks=(swaks --server 127.0.0.1:@PORT@ --helo "$helo" --from a@b.test)
    local to=(--to user@example.test)
    capture_one "$outdir" swaks-plain "${swaks[@]}" "${to[@]}" --data "@$plain"
    capture_one "$outdir" swaks-dots "${swaks[@]}" "${to[@]}" --data "@$dots"
    capture_one "$outdir" swaks-dots-lf "${swaks[@]}" "${to[@]}" --data "@$lf"
    capture_one "$outdir" swaks-dotfirst "${swaks[@]}" "${to[@]}" --data "@$first"
    capture_one "$outdir" swaks-noeol "${swaks[@]}" "${to[@]}" --data "@$noeol"
    capture_one "$outdir" swaks-nofixup "${swaks[@]}" "${to[@]}" --data "@$raw" --no-data-fixup
    capture_one "$outdir" swaks-auth-plain "${swaks[@]}" "${to[@]}" --data "@$plain" \
        --auth PLAIN --auth-user u --auth-password p
    capture_one "$outdir" swaks-auth-login "${swaks[@]}" "${to[@]}" --data "@$plain" \
        --auth LOGIN --auth-user u --auth-password p
    capture_one "$outdir" swaks-pipeline "${swaks[@]}" --to user@example.test,other@example.test \
        --data "@$plain" --pipeline
}

# --- captures of POP3 sessions with Dovecot ------------------------------------------------------

# Waits until Dovecot (master pid $1) has no POP3 or IMAP session process left, so the maildir can
# be replaced without a session still writing to it.
wait_sessions_done() {
    local master=$1 waited=0 pid comm busy
    while :; do
        busy=
        while read -r pid; do
            { read -r comm <"/proc/$pid/comm"; } 2>/dev/null || continue
            [[ $comm == pop3 || $comm == imap ]] && busy=$pid
        done < <(child_pids "$master")
        [[ -z $busy ]] && return 0
        ((waited < STOP_TIMEOUT_SECONDS * 10)) || die "session process $busy did not end"
        sleep 0.1
        waited=$((waited + 1))
    done
}

# Prints a free TCP port from 20000-39999 on 127.0.0.1 (bound and released here; the caller takes
# it a moment later). The range keeps clear of the kernel's ephemeral ports (32768-60999 by
# default) as far as it can while staying in the range this project's tests may use.
free_port() {
    python3 -c '
import random, socket, sys
for _ in range(200):
    port = random.randrange(20000, 40000)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    sys.exit(0)
sys.exit("no free port in 20000-39999")
'
}

# One session through capture_proxy.py to the Dovecot of $work on $port, recorded as
# $outdir/pop3-$name.*, starting from a maildir holding exactly the messages in $msgdir (so every
# session sees the same numbers, sizes and UIDLs, whatever the one before deleted).
capture_pop3() {
    local work=$1 port=$2 msgdir=$3 outdir=$4 name=$5
    shift 5
    wait_sessions_done "$(<"$work/dovecot.pid")"
    rm -rf "$work/maildir" "$work/maildir-put.seq"
    cmd_maildir_put "$work" "$msgdir"/*.eml >/dev/null
    record_session "$outdir" "pop3-$name" "$port" "$@"
}

cmd_pop3_capture() {
    [[ $# -eq 1 ]] || usage
    local outdir=$1 work port pid
    require_root pop3-capture
    for tool in python3 curl; do
        command -v "$tool" >/dev/null || die "$tool not found; run: bash scripts/interop.sh install"
    done
    mkdir -p "$outdir"
    outdir=$(cd "$outdir" && pwd -P)
    work=$(mktemp -d /tmp/mailwire-pop3-capture.XXXXXXXX)
    # shellcheck disable=SC2064 # expand $work now
    trap "cmd_dovecot_stop '$work' >/dev/null 2>&1 || true; rm -rf '$work'" EXIT
    port=$(free_port)
    pid=$(cmd_dovecot_start "$work" "$port")
    note "Dovecot $("$DOVECOT" --version) (pid $pid) on 127.0.0.1:$port"

    # The messages, stored in this order (so message N is the Nth file, and its UIDL is
    # "$((1767225600 + N)).MN.mailwire"). The names sort in that order; `long` comes last so that
    # poplib (which refuses lines over 2048 octets) can retrieve all the others.
    local msgdir=$work/messages
    mkdir -p "$msgdir"
    local head=('From: a@b.test' 'To: mailwire@example.test' 'Date: Thu, 01 Jan 2026 00:00:00 +0000')
    printf '%s\r\n' "${head[@]}" 'Subject: plain' 'Message-ID: <plain@b.test>' '' \
        'Hello from the interop capture.' >"$msgdir/01-plain.eml"
    printf '%s\r\n' "${head[@]}" 'Subject: dots' 'Message-ID: <dots@b.test>' '' \
        '.one leading dot' '..two leading dots' '.' 'a line' '..' 'last line' >"$msgdir/02-dots.eml"
    tr -d '\r' <"$msgdir/02-dots.eml" >"$msgdir/03-dots-lf.eml"
    printf '%s\r\n' '.' '..second line' 'last line' >"$msgdir/04-dotfirst.eml"
    printf '%s\r\n' "${head[@]}" 'Subject: bare CR' 'Message-ID: <cr@b.test>' '' \
        $'a bare CR\rinside a line' 'last line' >"$msgdir/05-cr.eml"
    printf '%s\r\n' "${head[@]}" 'Subject: 8bit' 'Message-ID: <8bit@b.test>' \
        'Content-Type: text/plain; charset=utf-8' 'Content-Transfer-Encoding: 8bit' '' \
        $'Gr\xc3\xbc\xc3\x9fe, \xe2\x82\xac' >"$msgdir/06-8bit.eml"
    printf '%s\r\n' "${head[@]}" 'Subject: no final line end' 'Message-ID: <noeol@b.test>' '' \
        >"$msgdir/07-noeol.eml"
    printf 'no CRLF after this line' >>"$msgdir/07-noeol.eml"
    printf '%s\r\n' 'Subject: header only' >"$msgdir/08-header-only.eml"
    : >"$msgdir/09-zero.eml"
    {
        printf '%s\r\n' "${head[@]}" 'Subject: long lines' 'Message-ID: <long@b.test>' ''
        printf '%0998d\r\n' 0
        printf '%04000d\r\n' 0
        printf 'last line\r\n'
    } >"$msgdir/10-long.eml"

    local user=$POP3_USER password=$POP3_PASSWORD
    local session=(capture_pop3 "$work" "$port" "$msgdir" "$outdir")

    # Python poplib: argv port, case. Errors the case expects are caught and the session goes on.
    local poplib_session="
import base64, poplib, sys
port, case = int(sys.argv[1]), sys.argv[2]
user, password = '$user', '$password'
def b64(text):
    return base64.b64encode(text.encode()).decode()
def expect_err(call, *args):
    try:
        call(*args)
    except poplib.error_proto:
        return
    sys.exit('expected an -ERR from %s%r' % (call.__name__, args))
p = poplib.POP3('127.0.0.1', port)
if case == 'basic':
    p.capa()
    p.user(user)
    p.pass_(password)
    p.stat()
    p.list()
    p.list(3)
    p.uidl()
    p.uidl(3)
    p.top(1, 0)
    p.top(2, 3)
    for n in (1, 2, 3, 5, 6, 7, 8, 9):
        p.retr(n)
    p.dele(1)
    expect_err(p.retr, 1)
    p.noop()
    p.quit()
elif case == 'apop':
    p.apop(user, password)
    p.stat()
    p.quit()
elif case == 'auth-plain-ir':
    p._shortcmd('AUTH PLAIN ' + b64('\\0%s\\0%s' % (user, password)))
    p.stat()
    p.quit()
elif case == 'auth-plain':
    p._shortcmd('AUTH PLAIN')
    p._shortcmd(b64('\\0%s\\0%s' % (user, password)))
    p.stat()
    p.quit()
elif case == 'auth-login':
    p._shortcmd('AUTH LOGIN')
    p._shortcmd(b64(user))
    p._shortcmd(b64(password))
    p.stat()
    p.quit()
elif case == 'errors':
    p.user(user)
    expect_err(p.pass_, 'wrong')
    p._shortcmd('AUTH PLAIN')
    expect_err(p._shortcmd, '*')
    expect_err(p._shortcmd, 'AUTH CRAM-MD5')
    expect_err(p.utf8)
    p.user(user)
    p.pass_(password)
    expect_err(p.retr, 99)
    expect_err(p.list, 0)
    p.dele(2)
    expect_err(p.dele, 2)
    expect_err(p.top, 2, 0)
    p.rset()
    p.top(2, 0)
    p.quit()
elif case == 'dotfirst':
    p.user(user)
    p.pass_(password)
    p.retr(4)
    expect_err(p.noop)
    p.close()
elif case == 'longline':
    p.user(user)
    p.pass_(password)
    expect_err(p.retr, 10)
    p.close()
"
    local poplib=(python3 -c "$poplib_session" @PORT@)
    "${session[@]}" poplib-basic "${poplib[@]}" basic
    "${session[@]}" poplib-apop "${poplib[@]}" apop
    "${session[@]}" poplib-auth-plain-ir "${poplib[@]}" auth-plain-ir
    "${session[@]}" poplib-auth-plain "${poplib[@]}" auth-plain
    "${session[@]}" poplib-auth-login "${poplib[@]}" auth-login
    "${session[@]}" poplib-errors "${poplib[@]}" errors
    "${session[@]}" poplib-dotfirst "${poplib[@]}" dotfirst
    "${session[@]}" poplib-longline "${poplib[@]}" longline

    # curl: logs in with SASL PLAIN (its default choice from "SASL PLAIN LOGIN") unless told.
    # A custom command (-X) is read as a multi-line reply unless -I says it is single-line.
    local curl=(curl --silent --show-error --user "$user:$password")
    local url=pop3://127.0.0.1:@PORT@
    "${session[@]}" curl-list "${curl[@]}" "$url/"
    "${session[@]}" curl-list-one "${curl[@]}" --list-only "$url/3"
    "${session[@]}" curl-retr "${curl[@]}" "$url/2"
    "${session[@]}" curl-retr-lf "${curl[@]}" "$url/3"
    "${session[@]}" curl-uidl "${curl[@]}" -X UIDL "$url/"
    "${session[@]}" curl-uidl-one "${curl[@]}" -X UIDL -I "$url/3"
    "${session[@]}" curl-top "${curl[@]}" -X 'TOP 2 3' "$url/"
    "${session[@]}" curl-dele "${curl[@]}" -X DELE -I "$url/1"
    "${session[@]}" curl-stat "${curl[@]}" -X STAT -I "$url/"
    "${session[@]}" curl-auth-plain "${curl[@]}" --login-options AUTH=PLAIN -X NOOP -I "$url/"
    "${session[@]}" curl-auth-ir "${curl[@]}" --sasl-ir -X NOOP -I "$url/"
    "${session[@]}" curl-auth-login "${curl[@]}" --login-options AUTH=LOGIN -X NOOP -I "$url/"
    "${session[@]}" curl-apop "${curl[@]}" --login-options AUTH=+APOP -X NOOP -I "$url/"

    # Raw sessions: after the greeting, the whole file goes out in one write (so everything after
    # the greeting is pipelined), then everything Dovecot sends is read until it closes.
    local raw_session='
import socket, sys
payload = open(sys.argv[2], "rb").read()
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20) as s:
    greeting = b""
    while not greeting.endswith(b"\r\n"):
        chunk = s.recv(4096)
        if not chunk:
            sys.exit("no greeting")
        greeting += chunk
    s.sendall(payload)
    while s.recv(65536):
        pass
'
    local raw=(python3 -c "$raw_session" @PORT@) login=("USER $user" "PASS $password")
    printf '%s\r\n' CAPA AUTH "${login[@]}" CAPA STAT LIST 'LIST 2' UIDL 'UIDL 2' 'TOP 2 1' \
        'RETR 2' 'DELE 1' 'RETR 1' 'LIST 1' STAT RSET 'LIST 1' NOOP stat 'Uidl 1' QUIT \
        >"$work/raw-pipelined"
    "${session[@]}" raw-pipelined "${raw[@]}" "$work/raw-pipelined"
    printf '%s\n' CAPA "${login[@]}" STAT 'RETR 2' QUIT >"$work/raw-lf"
    "${session[@]}" raw-lf "${raw[@]}" "$work/raw-lf"
    printf '%s\r\n' STAT 'PASS x' USER 'AUTH XYZ' "USER $user" 'PASS wrong' "${login[@]}" QUIT \
        >"$work/raw-prelogin"
    "${session[@]}" raw-prelogin "${raw[@]}" "$work/raw-prelogin"
    printf '%s\r\n' 'AUTH PLAIN' '*' 'AUTH PLAIN =' "AUTH LOGIN $(printf '%s' "$user" | base64)" \
        "$(printf '%s' "$password" | base64)" STAT QUIT >"$work/raw-auth"
    "${session[@]}" raw-auth "${raw[@]}" "$work/raw-auth"
    printf '%s\r\n' "${login[@]}" RETR 'RETR 0' 'RETR 99' 'RETR x' 'RETR 4294967296' 'LIST 1 2' \
        'TOP 1' 'TOP 1 -1' 'LIST -1' 'RETR  9' 'UIDL 1 ' UTF8 'LANG' STLS 'APOP a b' 'USER x' \
        LAST XYZZY "$(printf 'X%.0s' {1..300})" QUIT >"$work/raw-errors"
    "${session[@]}" raw-errors "${raw[@]}" "$work/raw-errors"
    printf '%s\r\n' "${login[@]}" 'RETR 4' 'TOP 4 1' NOOP QUIT >"$work/raw-dotfirst"
    "${session[@]}" raw-dotfirst "${raw[@]}" "$work/raw-dotfirst"

    wait_sessions_done "$pid"
    cmd_dovecot_stop "$work"
}

# --- captures of IMAP sessions with Dovecot ------------------------------------------------------

# One session through capture_proxy.py to the IMAP server of $work on $port, recorded as
# $outdir/imap-$name.*, starting from a fresh maildir holding exactly the messages in $msgdir and an
# empty home (no metadata), so every session sees the same INBOX (messages 1-5, UIDs 1-5) and
# mailboxes (INBOX and the special-use ones, created at login).
capture_imap() {
    local work=$1 port=$2 msgdir=$3 outdir=$4 name=$5
    shift 5
    wait_sessions_done "$(<"$work/dovecot.pid")"
    rm -rf "${work:?}/maildir" "${work:?}/maildir-put.seq" "${work:?}/home"
    mkdir -p "$work/home"
    chown "$DELIVERY_USER:" "$work/home"
    cmd_maildir_put "$work" "$msgdir"/*.eml >/dev/null
    record_session "$outdir" "imap-$name" "$port" "$@"
}

cmd_imap_capture() {
    [[ $# -eq 1 ]] || usage
    local outdir=$1 work pop3_port imap_port pid name
    require_root imap-capture
    for tool in python3 curl; do
        command -v "$tool" >/dev/null || die "$tool not found; run: bash scripts/interop.sh install"
    done
    mkdir -p "$outdir"
    outdir=$(cd "$outdir" && pwd -P)
    work=$(mktemp -d /tmp/mailwire-imap-capture.XXXXXXXX)
    # shellcheck disable=SC2064 # expand $work now
    trap "cmd_dovecot_stop '$work' >/dev/null 2>&1 || true; rm -rf '$work'" EXIT
    pop3_port=$(free_port)
    imap_port=$pop3_port
    while [[ $imap_port == "$pop3_port" ]]; do
        imap_port=$(free_port)
    done
    pid=$(cmd_dovecot_start "$work" "$pop3_port" "$imap_port")
    note "Dovecot $("$DOVECOT" --version) (pid $pid) with IMAP on 127.0.0.1:$imap_port"

    # The INBOX of every session: the files of captures/messages (LF line ends, as an MDA stores
    # them), messages 1-5 with INTERNALDATE 01-Jan-2026 00:00:0N +0000 (maildir-put's times).
    local msgdir=$SCRIPTS_DIR/captures/messages
    local session=(capture_imap "$work" "$imap_port" "$msgdir" "$outdir")

    # The scripted sessions of imap_client.py (raw IMAP over a socket), then Python's imaplib;
    # imap_client.py gets Dovecot's own port too, for a second, unrecorded connection.
    local client=(python3 "$SCRIPTS_DIR/imap_client.py" @PORT@ "$imap_port" "$msgdir")
    for name in $("${client[@]/@PORT@/0}" list) imaplib-basic imaplib-append imaplib-auth-plain; do
        "${session[@]}" "$name" "${client[@]}" "$name"
    done

    # curl: CAPABILITY, then AUTHENTICATE PLAIN (its choice from AUTH=PLAIN AUTH=LOGIN), then one
    # command from the URL, then LOGOUT.
    local curl=(curl --silent --show-error --user "$POP3_USER:$POP3_PASSWORD" --output /dev/null)
    local url=imap://127.0.0.1:@PORT@
    "${session[@]}" curl-fetch "${curl[@]}" "$url/INBOX/;UID=5"
    "${session[@]}" curl-fetch-section "${curl[@]}" --sasl-ir "$url/INBOX/;UID=1/;SECTION=1.1"
    "${session[@]}" curl-search "${curl[@]}" "$url/INBOX?SUBJECT%20Quarterly"
    "${session[@]}" curl-append "${curl[@]}" --login-options AUTH=LOGIN \
        --upload-file "$msgdir/05-reply.eml" "$url/Drafts"

    wait_sessions_done "$pid"
    cmd_dovecot_stop "$work"
}

# --- main ----------------------------------------------------------------------------------------

[[ $# -ge 1 ]] || usage
command=$1
shift
case $command in
install) [[ $# -eq 0 ]] || usage; cmd_install ;;
opensmtpd-start) cmd_opensmtpd_start "$@" ;;
opensmtpd-stop) cmd_opensmtpd_stop "$@" ;;
maildir-wait) cmd_maildir_wait "$@" ;;
maildir-strip) cmd_maildir_strip "$@" ;;
capture) cmd_capture "$@" ;;
dovecot-start) cmd_dovecot_start "$@" ;;
dovecot-stop) cmd_dovecot_stop "$@" ;;
maildir-put) cmd_maildir_put "$@" ;;
pop3-capture) cmd_pop3_capture "$@" ;;
imap-capture) cmd_imap_capture "$@" ;;
*) usage ;;
esac
