#!/usr/bin/env bash
# Sourced by bench scripts: `catch_all_up S C VETH SUBNET BACKLOG OUT` builds the catch-all host of issue 14 item 5 —
# namespace S at SUBNET.1 whose every TCP port except 6379 and 8080 is REDIRECTed to one silent listener (it holds
# each connection 10 s), with redis-server on 6379 and python3 http.server on 8080 — and namespace C at SUBNET.2,
# joined by the veth pair VETH0/VETH1. BACKLOG is the listener's accept backlog (and S's somaxconn). The daemons
# run in S (killed with the namespace); OUT is their working directory.
catch_all_up() {
  local s="$1" c="$2" veth="$3" net="$4" backlog="$5" out="$6"
  ip netns add "$s"; ip netns add "$c"
  ip -n "$s" link set lo up; ip -n "$c" link set lo up
  ip -n "$s" link add "${veth}0" type veth peer name "${veth}1" netns "$c"
  ip -n "$s" addr add "$net.1/24" dev "${veth}0"; ip -n "$s" link set "${veth}0" up
  ip -n "$c" addr add "$net.2/24" dev "${veth}1"; ip -n "$c" link set "${veth}1" up
  ip netns exec "$s" sysctl -qw net.core.somaxconn="$backlog"
  ip netns exec "$s" iptables -t nat -A PREROUTING -p tcp -m multiport ! --dports 6379,8080 -j REDIRECT --to-ports 9999
  ip netns exec "$s" node -e "const s=require('net').createServer((c)=>{c.on('error',()=>{});c.on('end',()=>c.destroy());setTimeout(()=>c.destroy(),10000).unref();});s.listen({port:9999,host:'0.0.0.0',backlog:$backlog});" &
  (cd "$out" && ip netns exec "$s" redis-server --port 6379 --bind 0.0.0.0 --protected-mode no --save '' --appendonly no --dir "$out" >/dev/null &)
  (cd "$out" && ip netns exec "$s" python3 -m http.server 8080 --bind 0.0.0.0 >/dev/null 2>&1 &)
}
