#!/usr/bin/env bash
# TLS lab (issue 4): `up NS DIR` creates network namespace NS with the TLS endpoints below on 10.78.0.x (addresses on
# the namespace's own lo: nothing leaves it), a lab PKI under DIR (root CA -> intermediate -> leaves, generated fresh
# each time), and prints `ready` when every endpoint listens; `down NS DIR` kills what runs inside, deletes NS and DIR.
# Root only. Endpoints (SNI name in brackets):
#   10.78.0.10:443  nginx, valid chain, TLS 1.2+1.3, server cipher order, HSTS; :80 redirects   [valid.lab]
#   10.78.0.11:443  expired leaf (2020-2021) from the lab intermediate                         [expired.lab]
#   10.78.0.12:443  self-signed leaf                                                           [selfsigned.lab]
#   10.78.0.13:443  valid chain for other.lab, scanned as wrong.lab                            [wrong.lab]
#   10.78.0.14:443  TLS 1.0/1.1 only, NULL/anon/static-RSA suites, 1024-bit RSA, SHA-1, DH 1024 [weak.lab]
#   10.78.0.15:443  TLS 1.3 only, valid chain                                                  [tls13.lab]
#   10.78.0.16:443  leaf without its intermediate (incomplete chain)                           [incomplete.lab]
#   10.78.0.17:443  not yet valid (2031-2032)                                                  [future.lab]
#   10.78.0.20:25   postfix smtpd STARTTLS, TLS 1.0+ at SECLEVEL 0                              [mail.lab]
#   10.78.0.21:143/110/993  dovecot IMAP/POP3 STARTTLS + IMAPS, valid chain, TLS 1.2+           [mail.lab]
#   10.78.0.22:21   vsftpd AUTH TLS, valid chain, OpenSSL HIGH suites                          [ftp.lab]
# CA for --ca-file: DIR/pki/root.pem
set -euo pipefail

cmd="${1:-}"; NS="${2:-gh-tls}"; DIR="${3:-/tmp/gh-tls}"
die() { echo "lab/tls/lab.sh: $*" >&2; exit 2; }
nsx() { ip netns exec "$NS" "$@"; }

# leaf DIR NAME BITS MD START END: a server certificate from the lab intermediate (+ NAME.chain.pem with it).
leaf() {
  local p="$1" n="$2"
  openssl req -new -newkey "rsa:$3" -nodes -keyout "$p/$n.key" -out "$p/$n.csr" -subj "/CN=$n" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:%s\n' "$n" > "$p/$n.ext"
  openssl ca -batch -config "$p/ca.cnf" -cert "$p/inter.pem" -keyfile "$p/inter.key" -in "$p/$n.csr" -out "$p/$n.pem" \
    -notext -md "$4" -startdate "$5" -enddate "$6" -extfile "$p/$n.ext" >/dev/null 2>&1
  cat "$p/$n.pem" "$p/inter.pem" > "$p/$n.chain.pem"
}

pki() {
  local p="$DIR/pki"
  mkdir -p "$p/ca/new"; : > "$p/ca/index.txt"; echo 1000 > "$p/ca/serial"
  cat > "$p/ca.cnf" <<EOF
[ ca ]
default_ca = lab
[ lab ]
dir = $p/ca
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
policy = anything
unique_subject = no
[ anything ]
commonName = supplied
EOF
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$p/root.key" -out "$p/root.pem" -days 3650 -subj "/CN=Gatehouse Lab Root CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -new -newkey rsa:2048 -nodes -keyout "$p/inter.key" -out "$p/inter.csr" -subj "/CN=Gatehouse Lab Intermediate CA" 2>/dev/null
  printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' > "$p/inter.ext"
  openssl x509 -req -in "$p/inter.csr" -CA "$p/root.pem" -CAkey "$p/root.key" -CAcreateserial -days 3650 -sha256 \
    -extfile "$p/inter.ext" -out "$p/inter.pem" 2>/dev/null
  local from to
  from="$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)"; to="$(date -u -d '+365 days' +%Y%m%d%H%M%SZ)"
  leaf "$p" valid.lab 2048 sha256 "$from" "$to"
  leaf "$p" expired.lab 2048 sha256 20200101000000Z 20210101000000Z
  leaf "$p" other.lab 2048 sha256 "$from" "$to"
  leaf "$p" weak.lab 1024 sha1 "$from" "$to"
  leaf "$p" tls13.lab 2048 sha256 "$from" "$to"
  leaf "$p" incomplete.lab 2048 sha256 "$from" "$to"
  leaf "$p" future.lab 2048 sha256 20310101000000Z 20320101000000Z
  leaf "$p" mail.lab 2048 sha256 "$from" "$to"
  leaf "$p" ftp.lab 2048 sha256 "$from" "$to"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$p/selfsigned.lab.key" -out "$p/selfsigned.lab.pem" -days 365 \
    -subj /CN=selfsigned.lab -addext subjectAltName=DNS:selfsigned.lab 2>/dev/null
  openssl dhparam -out "$p/dh1024.pem" 1024 2>/dev/null
}

# sserver ADDR CERT KEY EXTRA...: openssl s_server; -www answers GET with a page (an HTTPS service without HSTS).
sserver() {
  local addr="$1" cert="$2" key="$3"; shift 3
  nsx openssl s_server -accept "$addr:443" -cert "$cert" -key "$key" -www -quiet "$@" </dev/null >>"$DIR/logs/s_server.log" 2>&1 &
}

start_nginx() {
  local d="$DIR/nginx"; mkdir -p "$d/tmp" "$d/html"; echo ok > "$d/html/index.html"
  cat > "$d/nginx.conf" <<EOF
daemon off;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $d/tmp; proxy_temp_path $d/tmp; fastcgi_temp_path $d/tmp; uwsgi_temp_path $d/tmp; scgi_temp_path $d/tmp;
  server { listen 10.78.0.10:80; return 301 https://valid.lab\$request_uri; }
  server {
    listen 10.78.0.10:443 ssl;
    ssl_certificate $DIR/pki/valid.lab.chain.pem;
    ssl_certificate_key $DIR/pki/valid.lab.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305;
    ssl_prefer_server_ciphers on;
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
    root $d/html;
  }
}
EOF
  nsx nginx -c "$d/nginx.conf" -p "$d" >>"$DIR/logs/nginx.log" 2>&1 &
}

start_postfix() {
  local d="$DIR/postfix"; mkdir -p "$d/etc" "$d/queue" "$d/data"; chown postfix "$d/data"
  cat > "$d/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $d/queue
data_directory = $d/data
myhostname = mail.lab
mydestination = mail.lab
inet_interfaces = 10.78.0.20
inet_protocols = ipv4
mynetworks = 10.78.0.0/24
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
default_transport = error:no route out of the lab
alias_maps =
alias_database =
maillog_file = $d/maillog
maillog_file_prefixes = /tmp/gh-tls
smtpd_tls_security_level = may
smtpd_tls_cert_file = $DIR/pki/mail.lab.chain.pem
smtpd_tls_key_file = $DIR/pki/mail.lab.key
smtpd_tls_protocols = >=TLSv1
smtpd_tls_ciphers = medium
tls_medium_cipherlist = ALL:@SECLEVEL=0
EOF
  cat > "$d/etc/master.cf" <<EOF
10.78.0.20:smtp inet n - n - - smtpd
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
error unix - - n - - error
anvil unix - - n - 1 anvil
proxymap unix - - n - - proxymap
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
EOF
  nsx postfix -c "$d/etc" start >>"$DIR/logs/postfix.log" 2>&1
}

start_dovecot() {
  local d="$DIR/dovecot"; mkdir -p "$d/run" "$d/state" "$d/home"
  cat > "$d/dovecot.conf" <<EOF
instance_name = gh-tls-dovecot
base_dir = $d/run
state_dir = $d/state
listen = 10.78.0.21
protocols = imap pop3
log_path = $d/dovecot.log
default_login_user = dovenull
default_internal_user = dovecot
ssl = required
ssl_cert = <$DIR/pki/mail.lab.chain.pem
ssl_key = <$DIR/pki/mail.lab.key
ssl_min_protocol = TLSv1.2
ssl_cipher_list = ECDHE+AESGCM:ECDHE+CHACHA20
disable_plaintext_auth = yes
passdb {
  driver = static
  args = nopassword=y
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$d/home/%u
}
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 0
  }
}
EOF
  nsx dovecot -c "$d/dovecot.conf" >>"$DIR/logs/dovecot.log" 2>&1
}

start_vsftpd() {
  local d="$DIR/vsftpd"; mkdir -p "$d/empty"; chmod 755 "$d/empty"
  cat > "$d/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=10.78.0.22
background=NO
anonymous_enable=YES
anon_root=$d/empty
no_anon_password=YES
local_enable=NO
seccomp_sandbox=NO
secure_chroot_dir=$d/empty
ssl_enable=YES
ssl_ciphers=HIGH
require_ssl_reuse=NO
rsa_cert_file=$DIR/pki/ftp.lab.chain.pem
rsa_private_key_file=$DIR/pki/ftp.lab.key
xferlog_enable=NO
vsftpd_log_file=$d/vsftpd.log
EOF
  nsx vsftpd "$d/vsftpd.conf" >>"$DIR/logs/vsftpd.log" 2>&1 &
}

wait_ports() {
  local want="10.78.0.10:443 10.78.0.10:80 10.78.0.11:443 10.78.0.12:443 10.78.0.13:443 10.78.0.14:443 10.78.0.15:443 10.78.0.16:443 10.78.0.17:443 10.78.0.20:25 10.78.0.21:143 10.78.0.21:110 10.78.0.21:993 10.78.0.22:21"
  local missing="" listening a
  for _ in $(seq 1 100); do
    missing=""; listening="$(nsx ss -Htln | awk '{print $4}')"
    for a in $want; do grep -qx "$a" <<<"$listening" || missing="$missing $a"; done
    [ -z "$missing" ] && return 0
    sleep 0.1
  done
  die "not listening:$missing (logs in $DIR/logs)"
}

up() {
  [ "$(id -u)" -eq 0 ] || die "needs root"
  local t
  for t in openssl nginx postfix dovecot vsftpd ss; do command -v "$t" >/dev/null || die "missing $t"; done
  case "$DIR" in /tmp/gh-tls*) ;; *) die "DIR must be under /tmp/gh-tls*" ;; esac
  ip netns list | awk '{print $1}' | grep -qx -- "$NS" || ip netns add "$NS"
  nsx ip link set lo up
  for t in 10 11 12 13 14 15 16 17 20 21 22; do nsx ip addr add "10.78.0.$t/32" dev lo 2>/dev/null || true; done
  rm -rf "$DIR"; mkdir -p "$DIR/logs"; chmod 755 "$DIR"
  pki
  local p="$DIR/pki"
  start_nginx
  sserver 10.78.0.11 "$p/expired.lab.pem" "$p/expired.lab.key" -cert_chain "$p/inter.pem"
  sserver 10.78.0.12 "$p/selfsigned.lab.pem" "$p/selfsigned.lab.key"
  sserver 10.78.0.13 "$p/other.lab.pem" "$p/other.lab.key" -cert_chain "$p/inter.pem"
  sserver 10.78.0.14 "$p/weak.lab.pem" "$p/weak.lab.key" -cert_chain "$p/inter.pem" -cipher 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' -no_tls1_2 -no_tls1_3 -dhparam "$p/dh1024.pem"
  sserver 10.78.0.15 "$p/tls13.lab.pem" "$p/tls13.lab.key" -cert_chain "$p/inter.pem" -tls1_3
  sserver 10.78.0.16 "$p/incomplete.lab.pem" "$p/incomplete.lab.key"
  sserver 10.78.0.17 "$p/future.lab.pem" "$p/future.lab.key" -cert_chain "$p/inter.pem"
  start_postfix
  start_dovecot
  start_vsftpd
  wait_ports
  echo ready
}

down() {
  if ip netns list | awk '{print $1}' | grep -qx -- "$NS"; then
    local pids
    pids="$(ip netns pids "$NS" || true)"
    # shellcheck disable=SC2086 # one pid per word
    [ -z "$pids" ] || kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 1 20); do [ -z "$(ip netns pids "$NS" || true)" ] && break; sleep 0.1; done
    pids="$(ip netns pids "$NS" || true)"
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    ip netns del "$NS"
  fi
  case "$DIR" in /tmp/gh-tls*) rm -rf "$DIR" ;; *) ;; esac
}

case "$cmd" in
  up) up ;;
  down) down ;;
  *) die "usage: lab.sh up|down [NS] [DIR]   (defaults gh-tls /tmp/gh-tls)" ;;
esac
