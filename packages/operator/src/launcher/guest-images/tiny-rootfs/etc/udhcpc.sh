#!/bin/sh
# udhcpc event script: configure the interface, the default route and DNS.
case "$1" in
  bound | renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -n "${router:-}" ] && ip route add default via "${router%% *}" dev "$interface"
    : > /etc/resolv.conf
    for d in ${dns:-}; do echo "nameserver $d" >> /etc/resolv.conf; done
    s="${search:-${domain:-}}"
    [ -n "$s" ] && echo "search $s" >> /etc/resolv.conf
    echo "podvisor-guest-dhcp $interface $ip" > /dev/ttyS0 2>/dev/null
    ;;
esac
