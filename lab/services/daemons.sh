# shellcheck shell=bash
# Start functions of the service lab, sourced by lab.sh: start_<daemon> writes the daemon's own config under
# $ROOT/<daemon>/ and spawns it inside the namespace, bound to its lab address (see truth.json and README.md).
# `need DAEMON` names the binary it needs (a missing one skips the daemon, reported by `up`).

TLS_CERT="$ROOT/tls/cert.pem"
TLS_KEY="$ROOT/tls/key.pem"
LAB_SECRET=lab-not-a-secret     # the password of the "secure" variants; checks never guess it

need() {
  case "$1" in
    vsftpd-*) echo /usr/sbin/vsftpd ;;
    sshd-*) echo /usr/sbin/sshd ;;
    redis-*) echo redis-server ;;
    memcached) echo memcached ;;
    postfix) echo /usr/sbin/postfix ;;
    dovecot-*) echo /usr/sbin/dovecot ;;
    nginx) echo /usr/sbin/nginx ;;
    mosquitto-*) echo /usr/sbin/mosquitto ;;
    telnetd) echo /usr/sbin/inetutils-inetd ;;
    rsyncd-*) echo rsync ;;
    xvfb-*) echo Xvfb ;;
    x11vnc-*) echo x11vnc ;;
    smbd|smbd-hardened) echo /usr/sbin/smbd ;;
    apache) echo /usr/sbin/apache2 ;;
    xrdp) echo /usr/sbin/xrdp ;;
    erlang) echo erl ;;
    snmpd) echo /usr/sbin/snmpd ;;
    mariadb) echo /usr/sbin/mariadbd ;;
    postgresql) ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -1 ;;
    slapd) echo /usr/sbin/slapd ;;
    prometheus) echo prometheus ;;
    etcd) echo etcd ;;
    emulators|hostile) echo node ;;
  esac
}

# --- FTP: vsftpd, anonymous on / off / off with AUTH TLS -------------------------------------------------------
vsftpd_conf() {  # DIR ADDR ANON TLS
  local d="$1"
  mkdir -p "$d/empty" "$d/anon-root/pub"
  echo "Gatehouse lab file" > "$d/anon-root/pub/README"
  chmod 755 "$d/empty" "$d/anon-root"
  cat > "$d/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=$2
listen_port=21
background=NO
anonymous_enable=$3
anon_root=$d/anon-root
no_anon_password=NO
local_enable=YES
write_enable=NO
pam_service_name=vsftpd
secure_chroot_dir=$d/empty
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
xferlog_enable=NO
pasv_min_port=30000
pasv_max_port=30099
EOF
  if [ "$4" = YES ]; then
    cat >> "$d/vsftpd.conf" <<EOF
ssl_enable=YES
rsa_cert_file=$TLS_CERT
rsa_private_key_file=$TLS_KEY
force_local_logins_ssl=YES
force_local_data_ssl=YES
allow_anon_ssl=NO
EOF
  fi
}
start_vsftpd_anon() { vsftpd_conf "$ROOT/vsftpd-anon" 10.77.1.10 YES NO; spawn vsftpd-anon /usr/sbin/vsftpd "$ROOT/vsftpd-anon/vsftpd.conf"; }
start_vsftpd_noanon() { vsftpd_conf "$ROOT/vsftpd-noanon" 10.77.1.11 NO NO; spawn vsftpd-noanon /usr/sbin/vsftpd "$ROOT/vsftpd-noanon/vsftpd.conf"; }
start_vsftpd_tls() { vsftpd_conf "$ROOT/vsftpd-tls" 10.77.1.12 NO YES; spawn vsftpd-tls /usr/sbin/vsftpd "$ROOT/vsftpd-tls/vsftpd.conf"; }

# --- SSH: OpenSSH with passwords + legacy algorithms, and keys-only + modern algorithms only ----------------------
sshd_common() {  # DIR ADDR
  local d="$1"
  mkdir -p /run/sshd && chmod 755 /run/sshd   # sshd's compiled-in privilege-separation directory
  [ -f "$d/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$d/host_ed25519"
  [ -f "$d/host_rsa" ] || ssh-keygen -q -t rsa -b 2048 -N '' -f "$d/host_rsa"
  cat > "$d/sshd_config" <<EOF
ListenAddress $2:22
HostKey $d/host_ed25519
HostKey $d/host_rsa
PidFile $d/sshd.pid
UsePAM no
PermitRootLogin no
KbdInteractiveAuthentication no
X11Forwarding no
EOF
}
start_sshd_weak() {
  local d="$ROOT/sshd-weak"
  sshd_common "$d" 10.77.1.20
  cat >> "$d/sshd_config" <<EOF
PasswordAuthentication yes
KexAlgorithms +diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1
Ciphers +3des-cbc,aes128-cbc,aes256-cbc
MACs +hmac-md5,hmac-sha1-96
HostKeyAlgorithms +ssh-rsa
EOF
  spawn sshd-weak /usr/sbin/sshd -D -e -f "$d/sshd_config"
}
start_sshd_hardened() {
  local d="$ROOT/sshd-hardened"
  sshd_common "$d" 10.77.1.21
  cat >> "$d/sshd_config" <<EOF
PasswordAuthentication no
AuthenticationMethods publickey
KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org
Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes128-ctr
MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com
HostKeyAlgorithms ssh-ed25519,rsa-sha2-512,rsa-sha2-256
EOF
  spawn sshd-hardened /usr/sbin/sshd -D -e -f "$d/sshd_config"
}

# --- Redis: no password (protected mode off, as exposed instances are) / requirepass ------------------------------
start_redis_open() {
  spawn redis-open redis-server --bind 10.77.1.30 --port 6379 --protected-mode no --dir "$ROOT/redis-open" \
    --save '' --appendonly no --daemonize no
}
start_redis_auth() {
  spawn redis-auth redis-server --bind 10.77.1.31 --port 6379 --requirepass "$LAB_SECRET" --dir "$ROOT/redis-auth" \
    --save '' --appendonly no --daemonize no
}

start_memcached() { spawn memcached memcached -u memcache -l 10.77.1.35 -p 11211 -U 0 -m 16; }

# --- Postfix: one instance, two smtpd listeners: open relay without STARTTLS, closed relay with STARTTLS ----------
start_postfix() {
  local d="$ROOT/postfix"
  mkdir -p "$d/etc" "$d/queue" "$d/data"
  chown postfix "$d/data"
  cat > "$d/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $d/queue
data_directory = $d/data
myhostname = mail.lab.gatehouse.invalid
mydomain = lab.gatehouse.invalid
mydestination = \$myhostname, localhost
inet_interfaces = all
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_banner = \$myhostname ESMTP \$mail_name (Debian/GNU)
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
# mail would never leave: the namespace has no route out, delivery is deferred and the relay host is a closed port
relayhost = [127.0.0.1]:2525
defer_transports = smtp
alias_maps =
alias_database =
biff = no
maillog_file = $d/maillog
maillog_file_prefixes = $ROOT
EOF
  cat > "$d/etc/master.cf" <<EOF
10.77.1.40:smtp inet n - n - - smtpd -o mynetworks=10.77.0.0/16 -o smtpd_tls_security_level=none
10.77.1.41:smtp inet n - n - - smtpd -o smtpd_tls_security_level=may -o smtpd_tls_cert_file=$TLS_CERT -o smtpd_tls_key_file=$TLS_KEY
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
smtp unix - - n - - smtp
relay unix - - n - - smtp
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
local unix - n n - - local
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
EOF
  nsx /usr/sbin/postfix -c "$d/etc" start >"$ROOT/logs/postfix.log" 2>&1
}

# --- Dovecot: POP3/IMAP cleartext, and a copy with STARTTLS/STLS + implicit TLS and plaintext auth refused ---------
dovecot_conf() {  # DIR ADDR TLS
  local d="$1"
  mkdir -p "$d/run" "$d/state" "$d/home"
  echo "lab:{PLAIN}$LAB_SECRET" > "$d/users"
  cat > "$d/dovecot.conf" <<EOF
instance_name = gh-svc-$(basename "$d")
base_dir = $d/run
state_dir = $d/state
listen = $2
protocols = imap pop3
log_path = $d/dovecot.log
default_login_user = dovenull
default_internal_user = dovecot
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN $d/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$d/home/%u
}
mail_location = maildir:~/Maildir
EOF
  if [ "$3" = yes ]; then
    cat >> "$d/dovecot.conf" <<EOF
ssl = required
ssl_cert = <$TLS_CERT
ssl_key = <$TLS_KEY
disable_plaintext_auth = yes
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
    port = 995
  }
}
EOF
  else
    cat >> "$d/dovecot.conf" <<EOF
ssl = no
disable_plaintext_auth = no
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 0
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
  fi
}
start_dovecot_plain() { dovecot_conf "$ROOT/dovecot-plain" 10.77.1.45 no; spawn dovecot-plain /usr/sbin/dovecot -F -c "$ROOT/dovecot-plain/dovecot.conf"; }
start_dovecot_tls() { dovecot_conf "$ROOT/dovecot-tls" 10.77.1.46 yes; spawn dovecot-tls /usr/sbin/dovecot -F -c "$ROOT/dovecot-tls/dovecot.conf"; }

# --- nginx: HTTP on one host, HTTPS on another ---------------------------------------------------------------------
start_nginx() {
  local d="$ROOT/nginx"
  mkdir -p "$d/tmp"
  chown www-data "$d/tmp"
  cat > "$d/nginx.conf" <<EOF
user www-data;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
  default_type text/plain;
  server { listen 10.77.1.50:80; location / { return 200 "Gatehouse lab (http)\n"; } }
  # TLS on a port no list calls a TLS port; cleartext HTTP there gets nginx's 400 "plain HTTP request was sent to
  # HTTPS port". The certificate is the lab's (CN=lab.gatehouse.invalid): scanned as another name, it mismatches.
  server {
    listen 10.77.1.52:10443 ssl;
    ssl_certificate $TLS_CERT;
    ssl_certificate_key $TLS_KEY;
    location / { return 200 "Gatehouse lab (https on 10443)\n"; }
  }
  server {
    listen 10.77.1.51:443 ssl;
    ssl_certificate $TLS_CERT;
    ssl_certificate_key $TLS_KEY;
    location / { return 200 "Gatehouse lab (https)\n"; }
  }
}
EOF
  spawn nginx /usr/sbin/nginx -c "$d/nginx.conf" -g 'daemon off;'
}

# --- Mosquitto: anonymous allowed / password file -------------------------------------------------------------------
start_mosquitto_anon() {
  local d="$ROOT/mosquitto-anon"
  printf 'persistence false\nlog_dest stderr\nlistener 1883 10.77.1.55\nallow_anonymous true\n' > "$d/mosquitto.conf"
  spawn mosquitto-anon /usr/sbin/mosquitto -c "$d/mosquitto.conf"
}
start_mosquitto_auth() {
  local d="$ROOT/mosquitto-auth"
  rm -f "$d/passwd"
  mosquitto_passwd -c -b "$d/passwd" lab "$LAB_SECRET" >/dev/null 2>&1
  chown mosquitto "$d/passwd"; chmod 600 "$d/passwd"
  printf 'persistence false\nlog_dest stderr\nlistener 1883 10.77.1.56\nallow_anonymous false\npassword_file %s\n' "$d/passwd" > "$d/mosquitto.conf"
  spawn mosquitto-auth /usr/sbin/mosquitto -c "$d/mosquitto.conf"
}

# --- Telnet: inetutils-telnetd under inetutils-inetd (which binds every address: pinned to one) --------------------
start_telnetd() {
  local d="$ROOT/telnetd"
  echo "telnet stream tcp nowait root /usr/sbin/telnetd telnetd" > "$d/inetd.conf"
  pin_port 23 10.77.1.60
  spawn telnetd /usr/sbin/inetutils-inetd -d --pidfile="$d/inetd.pid" "$d/inetd.conf"
}

# --- rsync daemon: a listable module / an unlisted one ------------------------------------------------------------
rsyncd_conf() {  # DIR ADDR LIST
  local d="$1"
  mkdir -p "$d/public"
  echo "Gatehouse lab file" > "$d/public/README"
  cat > "$d/rsyncd.conf" <<EOF
address = $2
port = 873
pid file = $d/rsyncd.pid
use chroot = no
log file = $d/rsyncd.log
[public]
  path = $d/public
  comment = Gatehouse lab public files
  read only = yes
  list = $3
EOF
  if [ "${4:-}" = auth ]; then
    mkdir -p "$d/private"
    echo "Gatehouse lab private file" > "$d/private/SECRET"
    echo "lab:$LAB_SECRET" > "$d/rsyncd.secrets"
    chmod 600 "$d/rsyncd.secrets"
    cat >> "$d/rsyncd.conf" <<EOF
[private]
  path = $d/private
  comment = Gatehouse lab files behind a password
  read only = yes
  list = yes
  auth users = lab
  secrets file = $d/rsyncd.secrets
EOF
  fi
}
start_rsyncd_list() { rsyncd_conf "$ROOT/rsyncd-list" 10.77.1.65 yes auth; spawn rsyncd-list rsync --daemon --no-detach --config="$ROOT/rsyncd-list/rsyncd.conf"; }
# Lists only a module behind `auth users` (its "public" module is unlisted): listing yes, anonymous read no.
start_rsyncd_auth() {
  rsyncd_conf "$ROOT/rsyncd-auth" 10.77.1.67 no auth
  spawn rsyncd-auth rsync --daemon --no-detach --config="$ROOT/rsyncd-auth/rsyncd.conf"
}
start_rsyncd_nolist() { rsyncd_conf "$ROOT/rsyncd-nolist" 10.77.1.66 no; spawn rsyncd-nolist rsync --daemon --no-detach --config="$ROOT/rsyncd-nolist/rsyncd.conf"; }

# --- X11 (Xvfb on TCP, which binds every address: pinned) and VNC (x11vnc) without / with a password ---------------
start_xvfb_open() { pin_port 6020 10.77.1.70; spawn xvfb-open Xvfb :20 -listen tcp -ac -screen 0 640x480x24 -nolisten unix; }
start_xvfb_closed() { pin_port 6021 10.77.1.71; spawn xvfb-closed Xvfb :21 -listen tcp -screen 0 640x480x24 -nolisten unix; }
# Waits up to 15 s until ADDR:PORT accepts (from the root namespace, through the veth pair).
wait_tcp() {
  local i
  for i in $(seq 1 75); do (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0; sleep 0.2; done
  return 1
}
start_x11vnc_nopw() {
  wait_tcp 10.77.1.70 6020 || return 1
  # x11vnc reaches the display over TCP from inside (local addresses pass X host-based access control)
  spawn x11vnc-nopw x11vnc -display 10.77.1.70:20 -rfbport 5900 -listen 10.77.1.75 -nopw -forever -shared -quiet -noipv6 -noshm
}
start_x11vnc_pw() {
  wait_tcp 10.77.1.71 6021 || return 1
  spawn x11vnc-pw x11vnc -display 10.77.1.71:21 -rfbport 5900 -listen 10.77.1.76 -passwd "$LAB_SECRET" -forever -shared -quiet -noipv6 -noshm
}

# --- Samba ---------------------------------------------------------------------------------------------------------
start_smbd() {
  local d="$ROOT/smbd"
  mkdir -p "$d"/{run,lock,state,cache,private,ncalrpc,public}
  echo "Gatehouse lab file" > "$d/public/README"
  cat > "$d/smb.conf" <<EOF
[global]
  netbios name = GHLABSMB
  workgroup = GATEHOUSELAB
  server string = Gatehouse lab
  server role = standalone server
  interfaces = 10.77.1.80/32
  bind interfaces only = yes
  smb ports = 445 139
  disable netbios = yes
  pid directory = $d/run
  lock directory = $d/lock
  state directory = $d/state
  cache directory = $d/cache
  private dir = $d/private
  ncalrpc dir = $d/ncalrpc
  log file = $d/log.%m
  map to guest = bad user
  server min protocol = NT1
  server signing = auto
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
[public]
  path = $d/public
  guest ok = yes
  read only = yes
EOF
  spawn smbd /usr/sbin/smbd --foreground --no-process-group --debug-stdout -s "$d/smb.conf"
}

# Hardened Samba: SMB 2.1+ only, signing required, no guest (bad users rejected), anonymous listing refused.
start_smbd_hardened() {
  local d="$ROOT/smbd-hardened"
  mkdir -p "$d"/{run,lock,state,cache,private,ncalrpc,staff}
  cat > "$d/smb.conf" <<EOF
[global]
  netbios name = GHLABSMBH
  workgroup = GATEHOUSELAB
  server role = standalone server
  interfaces = 10.77.1.81/32
  bind interfaces only = yes
  smb ports = 445
  disable netbios = yes
  pid directory = $d/run
  lock directory = $d/lock
  state directory = $d/state
  cache directory = $d/cache
  private dir = $d/private
  ncalrpc dir = $d/ncalrpc
  log file = $d/log.%m
  map to guest = never
  restrict anonymous = 2
  server min protocol = SMB2_10
  server signing = mandatory
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
[staff]
  path = $d/staff
  guest ok = no
  read only = yes
EOF
  spawn smbd-hardened /usr/sbin/smbd --foreground --no-process-group --debug-stdout -s "$d/smb.conf"
}

# --- MariaDB and PostgreSQL: own data directories, own addresses -----------------------------------------------------
start_mariadb() {
  local d="$ROOT/mariadb"
  mkdir -p "$d"
  chown mysql:mysql "$d"
  if [ ! -d "$d/data/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$d/data" --user=mysql --skip-test-db \
      --auth-root-authentication-method=socket >"$ROOT/logs/mariadb-install.log" 2>&1 || return 1
  fi
  # A network user, as exposed servers have: without one the server refuses remote hosts before its greeting.
  echo "CREATE USER IF NOT EXISTS 'lab'@'%' IDENTIFIED BY '$LAB_SECRET';" > "$d/init.sql"
  chown mysql "$d/init.sql"
  spawn mariadb /usr/sbin/mariadbd --no-defaults --datadir="$d/data" --socket="$d/mysqld.sock" --pid-file="$d/mariadb.pid" \
    --bind-address=10.77.1.85 --port=3306 --user=mysql --skip-name-resolve --init-file="$d/init.sql" \
    --innodb-buffer-pool-size=16M --skip-log-bin --log-error="$d/error.log"
}
start_postgresql() {
  local d="$ROOT/postgresql" bin
  bin="$(dirname "$(need postgresql)")"
  mkdir -p "$d/sock"
  chown -R postgres:postgres "$d"
  if [ ! -f "$d/data/PG_VERSION" ]; then
    runuser -u postgres -- "$bin/initdb" -D "$d/data" -U postgres --auth=trust -E UTF8 --no-sync \
      >"$ROOT/logs/postgresql-initdb.log" 2>&1 || return 1
    echo "host all all 0.0.0.0/0 trust" >> "$d/data/pg_hba.conf"
  fi
  spawn postgresql runuser -u postgres -- "$bin/postgres" -D "$d/data" -c listen_addresses=10.77.1.86 -c port=5432 \
    -c unix_socket_directories="$d/sock" -c fsync=off -c shared_buffers=16MB
}

# --- OpenLDAP, Prometheus, etcd ---------------------------------------------------------------------------------------
start_slapd() {
  local d="$ROOT/slapd"
  mkdir -p "$d/db"
  cat > "$d/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
pidfile $d/slapd.pid
argsfile $d/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
suffix "dc=lab,dc=gatehouse,dc=invalid"
rootdn "cn=admin,dc=lab,dc=gatehouse,dc=invalid"
rootpw $LAB_SECRET
directory $d/db
maxsize 10485760
EOF
  spawn slapd /usr/sbin/slapd -d 0 -f "$d/slapd.conf" -h ldap://10.77.1.90:389/
}
start_prometheus() {
  local d="$ROOT/prometheus"
  mkdir -p "$d/data"
  printf 'global:\n  scrape_interval: 1h\nscrape_configs: []\n' > "$d/prometheus.yml"
  spawn prometheus prometheus --config.file="$d/prometheus.yml" --web.listen-address=10.77.1.91:9090 \
    --storage.tsdb.path="$d/data"
}
start_etcd() {
  local d="$ROOT/etcd"
  spawn etcd etcd --name lab --data-dir "$d/data" --listen-client-urls http://10.77.1.92:2379 \
    --advertise-client-urls http://10.77.1.92:2379 --listen-peer-urls http://127.0.0.1:2380 \
    --initial-advertise-peer-urls http://127.0.0.1:2380 --initial-cluster lab=http://127.0.0.1:2380
}

# --- Apache httpd: TLS on an unusual port (cleartext HTTP there: "You're speaking plain HTTP to an SSL-enabled
# server port"), standalone config, modules from the Debian package -------------------------------------------------
start_apache() {
  local d="$ROOT/apache" m=/usr/lib/apache2/modules
  mkdir -p "$d/run" "$d/www"
  echo "Gatehouse lab (apache https on 12443)" > "$d/www/index.html"
  cat > "$d/httpd.conf" <<EOF
ServerRoot $d
PidFile $d/run/httpd.pid
Mutex file:$d/run
DefaultRuntimeDir $d/run
ServerName apache.lab.gatehouse.invalid
LoadModule mpm_event_module $m/mod_mpm_event.so
LoadModule authz_core_module $m/mod_authz_core.so
LoadModule mime_module $m/mod_mime.so
TypesConfig /etc/mime.types
LoadModule dir_module $m/mod_dir.so
LoadModule socache_shmcb_module $m/mod_socache_shmcb.so
LoadModule ssl_module $m/mod_ssl.so
User www-data
Group www-data
ErrorLog $d/error.log
LogLevel warn
Listen 10.77.1.53:12443
DocumentRoot $d/www
<Directory $d/www>
  Require all granted
</Directory>
SSLSessionCache shmcb:$d/run/ssl_scache(512000)
<VirtualHost 10.77.1.53:12443>
  ServerName apache.lab.gatehouse.invalid
  SSLEngine on
  SSLCertificateFile $TLS_CERT
  SSLCertificateKeyFile $TLS_KEY
</VirtualHost>
EOF
  spawn apache /usr/sbin/apache2 -f "$d/httpd.conf" -DFOREGROUND
}

# --- xrdp (Debian's RDP server for X sessions) on its own address: the X.224 negotiation and TLS need no session
# manager ----------------------------------------------------------------------------------------------------------
start_xrdp() {
  local d="$ROOT/xrdp"
  mkdir -p "$d"
  sed -e "s|^port=3389|port=tcp://10.77.1.100:3389|" -e "s|^certificate=\$|certificate=$TLS_CERT|" \
    -e "s|^key_file=\$|key_file=$TLS_KEY|" /etc/xrdp/xrdp.ini > "$d/xrdp.ini"
  spawn xrdp /usr/sbin/xrdp --nodaemon --config "$d/xrdp.ini"
}

# --- Erlang: epmd on its own address and one distributed node registered with it (a RabbitMQ/CouchDB cluster's
# layout); the node's distribution port is pinned to 25672 ---------------------------------------------------------
start_erlang() {
  local d="$ROOT/erlang"
  mkdir -p "$d"
  spawn erlang-epmd env ERL_EPMD_ADDRESS=10.77.1.110 epmd -address 10.77.1.110
  sleep 0.5
  spawn erlang env ERL_EPMD_ADDRESS=10.77.1.110 HOME="$d" erl -noshell -noinput -name labnode@10.77.1.110 \
    -setcookie lab-not-a-secret-cookie -kernel inet_dist_listen_min 25672 inet_dist_listen_max 25672 \
    inet_dist_use_interface '{10,77,1,110}'
}

# --- net-snmp snmpd (UDP 161): community "public" read-only, as default-configured agents are -------------------------
start_snmpd() {
  local d="$ROOT/snmpd"
  mkdir -p "$d"
  printf 'agentaddress udp:10.77.1.105:161\nrocommunity public default\nsysLocation Gatehouse lab\nsysContact lab@gatehouse.invalid\n' > "$d/snmpd.conf"
  spawn snmpd /usr/sbin/snmpd -f -Lo -C -c "$d/snmpd.conf" -p "$d/snmpd.pid" --persistentDir="$d"
}

# --- Emulators (protocols Debian does not package) and hostile peers: node scripts --------------------------------------
start_emulators() { spawn emulators node "$HERE/emulators/main.mjs" --cert "$TLS_CERT" --key "$TLS_KEY"; }
start_hostile() { spawn hostile node "$HERE/emulators/hostile.mjs" 10.77.3.1; }
