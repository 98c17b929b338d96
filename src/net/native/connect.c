/*
 * net/native/connect.c — Gatehouse's batch TCP connector, a small Node-API addon (built by scripts/build-native.mjs
 * into dist/native/gatehouse-connect.node; net/tcp-connector.ts falls back to libuv's tcp_wrap without it).
 *
 * Why: a connect scan spends about 20 µs of kernel time per probe on loopback with a fresh socket per probe, as nmap
 * -sT does (socket, connect, epoll registration, SO_ERROR, close); Node's tcp_wrap adds user-space work on top (a
 * C++ handle and request object, a JS callback and a close callback per probe). Here:
 * - a socket is registered once with an edge-triggered epoll set and serves probe after probe: idle sockets wait in a
 *   pool (at most MAX_IDLE; in flight + idle never exceed the most that were in flight at once);
 * - a probe is one connect(); its answer is read by connecting the same socket again, which returns the pending
 *   error (ECONNREFUSED, …) or success and, on a refusal, leaves the socket unconnected and ready for the next
 *   probe (Linux's inet_stream_connect). A refused probe thus costs two system calls, not five (measured in the
 *   README § Performance: 65,535 refused loopback ports in 0.8 s of kernel time against 1.3 s);
 * - a timed-out probe's socket is disconnected (AF_UNSPEC) and reused; a socket that connected or failed otherwise is
 *   closed;
 * - answers of one epoll wake-up go to JS in one call, no object per probe.
 *
 * Protocol with JS (all numbers, no allocation per probe):
 *   ctx = create(onBatch, results)          results: Int32Array of 3 × BATCH slots; onBatch(n) after each wake-up
 *   r = connect(ctx, slot, gen, address, family, port, reset)   reset: close with RST if it connects
 *        r == 0: in progress (its answer comes in a batch); r == 1: connected at once; r == 2: connected to itself;
 *        r < 0: -errno at once (ECONNREFUSED is the usual one on loopback)
 *   cancel(ctx, slot)                       closes the slot's socket; no answer comes for it
 *   destroy(ctx)                            closes everything (also done when the thread or process ends)
 * A batch entry is (slot, gen, status) with status 1 (open), 2 (self-connect) or -errno.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <uv.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 1024
/* Idle sockets kept per family. Sockets held (in flight + idle) never exceed the most that were in flight at once,
 * which the scan sizes from the open-file limit; the cap bounds what a scan's quiet tail holds for nothing. */
#define MAX_IDLE 2048

typedef struct {
  int fd;              /* the socket of the slot's probe, -1 when it has none */
  int busy;            /* a connect is in progress: an event for it is an answer */
  uint32_t gen;
  uint8_t family;      /* 4 or 6: the probe's family */
  uint8_t reset;       /* if it connects, close with a reset (the caller's choice: see close_connected) */
  struct sockaddr_in6 to;  /* the probe's target (a sockaddr_in for family 4): the answer is read by connecting again */
} slot_t;

typedef struct ctx {
  int ep;
  uv_poll_t poll;
  napi_env env;
  napi_ref cb;
  napi_ref results_ref;
  int32_t *results;
  napi_async_context async;
  slot_t *slots;
  uint32_t nslots;
  int32_t *owner;      /* descriptor → slot whose probe uses it, -1 for an idle socket */
  uint32_t nowner;
  int *idle[2];        /* sockets ready for another probe, per family (4, 6): never more than were in flight at once */
  uint32_t nidle[2], capidle[2];
  int closed;
  int handle_closing;
  napi_async_cleanup_hook_handle hook;
  int refs;
} ctx_t;

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, "GH_ERR_NATIVE", #call " failed"); return NULL; } } while (0)

/* Status of a socket whose connect completed without error: open, or connected to itself (nobody listens on a
 * loopback port that the kernel also picked as the source port). */
static int connected_status(int fd, uint16_t port, int family) {
  struct sockaddr_storage me, peer;
  socklen_t l1 = sizeof me, l2 = sizeof peer;
  if (getsockname(fd, (struct sockaddr *)&me, &l1) != 0 || getpeername(fd, (struct sockaddr *)&peer, &l2) != 0) { return 1; }
  if (family == 6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&me, *b = (struct sockaddr_in6 *)&peer;
    return ntohs(a->sin6_port) == port && memcmp(&a->sin6_addr, &b->sin6_addr, 16) == 0 ? 2 : 1;
  }
  struct sockaddr_in *a = (struct sockaddr_in *)&me, *b = (struct sockaddr_in *)&peer;
  return ntohs(a->sin_port) == port && a->sin_addr.s_addr == b->sin_addr.s_addr ? 2 : 1;
}

static socklen_t to_len(const slot_t *sl) { return sl->family == 6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in); }

static void disown(ctx_t *c, int fd) { if (fd >= 0 && (uint32_t)fd < c->nowner) { c->owner[fd] = -1; } }

/* Closes the slot's socket (connected, in an unusual state, or the probe was abandoned without a clean disconnect). */
static void drop_socket(ctx_t *c, slot_t *sl) {
  if (sl->fd >= 0) { disown(c, sl->fd); close(sl->fd); sl->fd = -1; }
  sl->busy = 0;
}

/* Closes a connected probe's socket. Normally (FIN): a reset is a scanner's habit that fragile services do not expect
 * (a Node server without an 'error' handler on its sockets dies of ECONNRESET; two of our own tests' servers did).
 * With a reset (SO_LINGER 0) when the caller asks: on a host that has already accepted a thousand connections (a
 * tarpit, a SYN proxy), where a normal close would leave one TIME_WAIT socket here per port for a minute and 65,535
 * of them slow every later connection to that host (measured: the catch-all classification after a full-range scan). */
static void close_connected(ctx_t *c, slot_t *sl) {
  if (sl->reset && sl->fd >= 0) {
    struct linger lg = { 1, 0 };
    (void)setsockopt(sl->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  }
  drop_socket(c, sl);
}

/* Puts the slot's (unconnected, error-free) socket back with the idle ones for the next probe of its family. */
static void park(ctx_t *c, slot_t *sl) {
  int f = sl->family == 6;
  if (c->nidle[f] >= MAX_IDLE) { drop_socket(c, sl); return; }
  if (c->nidle[f] == c->capidle[f]) {
    uint32_t n = c->capidle[f] ? 2 * c->capidle[f] : 1024;
    int *p = realloc(c->idle[f], n * sizeof *p);
    if (p == NULL) { drop_socket(c, sl); return; }
    c->idle[f] = p;
    c->capidle[f] = n;
  }
  disown(c, sl->fd);
  c->idle[f][c->nidle[f]++] = sl->fd;
  sl->fd = -1;
  sl->busy = 0;
}

/* The answer to the slot's probe, or 0 while it is still in progress (an early or stale wake-up). */
static int reap(ctx_t *c, slot_t *sl) {
  if (connect(sl->fd, (struct sockaddr *)&sl->to, to_len(sl)) == 0 || errno == EISCONN) {
    int st = connected_status(sl->fd, ntohs(sl->to.sin6_port), sl->family);
    close_connected(c, sl); /* a connected socket cannot be reused */
    return st;
  }
  int err = errno;
  if (err == EALREADY || err == EINPROGRESS) {
    /* Still SYN-SENT. An ICMP unreachable leaves the connection trying but sets the socket's error (EPOLLERR): that
     * error is the answer, as libuv and nmap read it (SO_ERROR). Otherwise this was an early wake-up. */
    int soft = 0;
    socklen_t len = sizeof soft;
    if (getsockopt(sl->fd, SOL_SOCKET, SO_ERROR, &soft, &len) != 0 || soft == 0) { return 0; }
    drop_socket(c, sl); /* still connecting: never reused */
    return -soft;
  }
  /* A refusal leaves the socket unconnected (the kernel reset it while reporting the error): it is reused. Any other
   * outcome closes it, so that no socket in an unusual state is ever reused. */
  if (err == ECONNREFUSED) { park(c, sl); } else { drop_socket(c, sl); }
  return -err;
}

/* Abandons the slot's probe (a timeout): the socket is disconnected (connect with AF_UNSPEC: SYN-SENT to CLOSED, its
 * source port released, nothing sent) and kept for the next probe. The disconnect leaves ECONNRESET pending on the
 * socket, which would be read as the next probe's answer: SO_ERROR takes it off. A socket that does not go back to
 * a clean state is closed instead. */
static void abandon(ctx_t *c, slot_t *sl) {
  struct sockaddr unspec;
  memset(&unspec, 0, sizeof unspec);
  unspec.sa_family = AF_UNSPEC;
  int err = 0;
  socklen_t len = sizeof err;
  if (connect(sl->fd, &unspec, sizeof unspec) != 0 || getsockopt(sl->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 ||
      (err != 0 && err != ECONNRESET)) {
    drop_socket(c, sl);
  } else {
    park(c, sl);
  }
}

/* A socket for a probe of `family` owned by `slot`: an idle one, or a new one registered with the epoll set. */
static int take_socket(ctx_t *c, uint32_t slot, int family) {
  int f = family == 6;
  int fd;
  if (c->nidle[f] > 0) {
    fd = c->idle[f][--c->nidle[f]];
  } else {
    fd = socket(f ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) { return -errno; }
    struct epoll_event ev;
    ev.events = EPOLLOUT | EPOLLET; /* every completion is a new edge; a socket in SYN-SENT polls as nothing */
    ev.data.u64 = (uint64_t)(uint32_t)fd;
    if (epoll_ctl(c->ep, EPOLL_CTL_ADD, fd, &ev) != 0) { int e = errno; close(fd); return -e; }
  }
  if ((uint32_t)fd >= c->nowner) {
    uint32_t n = c->nowner ? c->nowner : 1024;
    while (n <= (uint32_t)fd) { n *= 2; }
    int32_t *o = realloc(c->owner, n * sizeof *o);
    if (o == NULL) { close(fd); return -ENOMEM; }
    for (uint32_t i = c->nowner; i < n; i++) { o[i] = -1; }
    c->owner = o;
    c->nowner = n;
  }
  c->owner[fd] = (int32_t)slot;
  return fd;
}

/* Reads up to BATCH answers into the results array; returns how many (0: none ready). */
static int read_batch(ctx_t *c, int *ready) {
  struct epoll_event evs[BATCH];
  int n = epoll_wait(c->ep, evs, BATCH, 0);
  *ready = n;
  int k = 0;
  for (int i = 0; i < n; i++) {
    int fd = (int)(evs[i].data.u64 & 0xffffffffu);
    if ((uint32_t)fd >= c->nowner || c->owner[fd] < 0) { continue; } /* idle: the wake-up of an answer already taken */
    uint32_t slot = (uint32_t)c->owner[fd];
    slot_t *sl = &c->slots[slot];
    if (sl->fd != fd || !sl->busy) { continue; }
    int st = reap(c, sl);
    if (st == 0) { continue; }
    c->results[3 * k] = (int32_t)slot;
    c->results[3 * k + 1] = (int32_t)sl->gen;
    c->results[3 * k + 2] = st;
    k++;
  }
  return k;
}

/* Hands one batch to JS; false when JS threw (the exception is raised as uncaught). */
static int deliver(ctx_t *c, int k) {
  napi_env env = c->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) { return 0; }
  int ok = 0;
  napi_value fn, recv, arg, ignored;
  if (napi_get_reference_value(env, c->cb, &fn) == napi_ok && napi_get_global(env, &recv) == napi_ok &&
      napi_create_int32(env, k, &arg) == napi_ok) {
    /* make_callback: the engine's microtasks and ticks run after the batch, as after any libuv callback. */
    napi_status st = napi_make_callback(env, c->async, recv, fn, 1, &arg, &ignored);
    if (st == napi_pending_exception) {
      napi_value e;
      napi_get_and_clear_last_exception(env, &e);
      napi_fatal_exception(env, e);
    }
    ok = st == napi_ok;
  }
  napi_close_handle_scope(env, scope);
  return ok;
}

/* The epoll set is readable: every answer ready now is read and handed over (as libuv drains its own queue), so
 * answers never wait behind a cap per loop turn (they would be timed out: a false 'filtered'). */
static void on_poll(uv_poll_t *p, int status, int events) {
  (void)status; (void)events;
  ctx_t *c = (ctx_t *)p->data;
  for (int round = 0; round < 64 && !c->closed; round++) {
    int ready;
    int k = read_batch(c, &ready);
    if (k > 0 && !deliver(c, k)) { return; }
    if (ready < BATCH) { return; }
  }
}

/* Closes every socket and the epoll set; the poll handle is closed once (its callback drops one reference). */
static void close_all(ctx_t *c) {
  if (c->closed) { return; }
  c->closed = 1;
  for (uint32_t i = 0; i < c->nslots; i++) { drop_socket(c, &c->slots[i]); }
  for (int f = 0; f < 2; f++) { for (uint32_t i = 0; i < c->nidle[f]; i++) { close(c->idle[f][i]); } c->nidle[f] = 0; }
  uv_poll_stop(&c->poll);
  /* The epoll descriptor itself is closed after the handle (on_poll_closed): closed earlier, its number could be
   * reused by another descriptor that libuv would then drop from its own set when the handle closes. */
}

/* Two owners: the JS external (its finalizer) and the poll handle (its close callback); the last one frees. */
static void unref_ctx(ctx_t *c) {
  if (--c->refs == 0) { free(c->slots); free(c->owner); free(c->idle[0]); free(c->idle[1]); free(c); }
}

/* The handle is closed: the environment may now unload this addon (its code is this very callback), so the async
 * cleanup hook is completed (or unregistered, if the environment is not ending) here and nowhere else. */
static void on_poll_closed(uv_handle_t *h) {
  ctx_t *c = (ctx_t *)h->data;
  close(c->ep);
  napi_remove_async_cleanup_hook(c->hook);
  unref_ctx(c);
}

static void close_handle(ctx_t *c) {
  close_all(c);
  if (!c->handle_closing) { c->handle_closing = 1; uv_close((uv_handle_t *)&c->poll, on_poll_closed); }
}

/* The thread or process is ending: every socket is closed, and the environment waits for the handle's close. */
static void async_cleanup(napi_async_cleanup_hook_handle handle, void *arg) {
  (void)handle;
  close_handle((ctx_t *)arg);
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)hint; (void)env;
  ctx_t *c = (ctx_t *)data;
  close_handle(c);
  napi_delete_reference(c->env, c->cb);
  napi_delete_reference(c->env, c->results_ref);
  napi_async_destroy(c->env, c->async);
  unref_ctx(c);
}

static ctx_t *get_ctx(napi_env env, napi_value v) {
  void *p = NULL;
  if (napi_get_value_external(env, v, &p) != napi_ok || p == NULL) { napi_throw_type_error(env, "GH_ERR_NATIVE", "not a connector"); return NULL; }
  return (ctx_t *)p;
}

static napi_value js_create(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  napi_typedarray_type type; size_t length; void *data; napi_value ab; size_t off;
  if (argc < 2 || napi_get_typedarray_info(env, argv[1], &type, &length, &data, &ab, &off) != napi_ok ||
      type != napi_int32_array || length < 3 * BATCH) {
    napi_throw_type_error(env, "GH_ERR_NATIVE", "create(onBatch, Int32Array(3 * 1024))");
    return NULL;
  }
  uv_loop_t *loop;
  CHECK(napi_get_uv_event_loop(env, &loop));
  ctx_t *c = calloc(1, sizeof *c);
  if (c == NULL) { napi_throw_error(env, "GH_ERR_NATIVE", "out of memory"); return NULL; }
  c->env = env;
  c->refs = 2;
  c->results = (int32_t *)data;
  c->ep = epoll_create1(EPOLL_CLOEXEC);
  if (c->ep < 0) { free(c); napi_throw_error(env, "GH_ERR_NATIVE", strerror(errno)); return NULL; }
  if (uv_poll_init(loop, &c->poll, c->ep) != 0) { close(c->ep); free(c); napi_throw_error(env, "GH_ERR_NATIVE", "uv_poll_init failed"); return NULL; }
  c->poll.data = c;
  uv_poll_start(&c->poll, UV_READABLE, on_poll);
  uv_unref((uv_handle_t *)&c->poll); /* the scan's own timers keep the loop alive while it runs */
  napi_value name, ext;
  CHECK(napi_create_reference(env, argv[0], 1, &c->cb));
  CHECK(napi_create_reference(env, argv[1], 1, &c->results_ref));
  CHECK(napi_create_string_utf8(env, "gatehouse-connect", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_async_init(env, NULL, name, &c->async));
  CHECK(napi_add_async_cleanup_hook(env, async_cleanup, c, &c->hook));
  CHECK(napi_create_external(env, c, finalize, NULL, &ext));
  return ext;
}

static int grow(ctx_t *c, uint32_t slot) {
  if (slot < c->nslots) { return 0; }
  uint32_t n = c->nslots ? c->nslots : 1024;
  while (n <= slot) { n *= 2; }
  slot_t *s = realloc(c->slots, n * sizeof *s);
  if (s == NULL) { return -1; }
  memset(s + c->nslots, 0, (n - c->nslots) * sizeof *s);
  for (uint32_t i = c->nslots; i < n; i++) { s[i].fd = -1; s[i].family = 4; }
  c->slots = s;
  c->nslots = n;
  return 0;
}

/* The arguments of a call on a connector: up to *argc of them into argv (*argc becomes how many were passed), at
 * least `need`, the first being the connector. NULL with a JS exception pending otherwise. */
static ctx_t *ctx_args(napi_env env, napi_callback_info info, napi_value *argv, size_t *argc, size_t need, const char *usage) {
  if (napi_get_cb_info(env, info, argc, argv, NULL, NULL) != napi_ok) { napi_throw_error(env, "GH_ERR_NATIVE", "napi_get_cb_info failed"); return NULL; }
  if (*argc < need) { napi_throw_type_error(env, "GH_ERR_NATIVE", usage); return NULL; }
  return get_ctx(env, argv[0]);
}

static napi_value js_connect(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  ctx_t *c = ctx_args(env, info, argv, &argc, 6, "connect(ctx, slot, gen, address, family, port[, reset])");
  if (c == NULL) { return NULL; }
  uint32_t slot, gen, family, port;
  char addr[64];
  size_t alen;
  CHECK(napi_get_value_uint32(env, argv[1], &slot));
  CHECK(napi_get_value_uint32(env, argv[2], &gen));
  CHECK(napi_get_value_string_utf8(env, argv[3], addr, sizeof addr, &alen));
  CHECK(napi_get_value_uint32(env, argv[4], &family));
  CHECK(napi_get_value_uint32(env, argv[5], &port));
  bool reset = false;
  if (argc >= 7) { CHECK(napi_get_value_bool(env, argv[6], &reset)); }
  napi_value out;
  int r = c->closed ? -EBADF : grow(c, slot) != 0 ? -ENOMEM : 0;
  slot_t *sl = r == 0 ? &c->slots[slot] : NULL;
  if (sl != NULL && sl->busy) { drop_socket(c, sl); } /* the caller did not cancel: the old probe is abandoned */
  struct sockaddr_in6 to;
  memset(&to, 0, sizeof to);
  if (r == 0 && family == 6) {
    to.sin6_family = AF_INET6; to.sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, addr, &to.sin6_addr) != 1) { r = -EINVAL; }
  } else if (r == 0) {
    struct sockaddr_in *a = (struct sockaddr_in *)&to;
    a->sin_family = AF_INET; a->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, addr, &a->sin_addr) != 1) { r = -EINVAL; }
  }
  if (r == 0) {
    int fd = take_socket(c, slot, (int)family);
    if (fd < 0) { r = fd; } else { sl->fd = fd; sl->family = (uint8_t)family; }
  }
  if (r == 0) {
    sl->gen = gen;
    sl->reset = reset ? 1 : 0;
    sl->to = to;
    if (connect(sl->fd, (struct sockaddr *)&sl->to, to_len(sl)) == 0) {
      r = connected_status(sl->fd, (uint16_t)port, (int)family);
      close_connected(c, sl);
    } else if (errno == EINPROGRESS) {
      sl->busy = 1;
    } else {
      r = -errno;
      if (r == -ECONNREFUSED) { park(c, sl); } else { drop_socket(c, sl); }
    }
  }
  CHECK(napi_create_int32(env, r, &out));
  return out;
}

static napi_value js_cancel(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  ctx_t *c = ctx_args(env, info, argv, &argc, 2, "cancel(ctx, slot)");
  if (c == NULL) { return NULL; }
  uint32_t slot;
  CHECK(napi_get_value_uint32(env, argv[1], &slot));
  if (slot < c->nslots && c->slots[slot].busy) { abandon(c, &c->slots[slot]); }
  return NULL;
}

static napi_value js_destroy(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  ctx_t *c = ctx_args(env, info, argv, &argc, 1, "destroy(ctx)");
  if (c == NULL) { return NULL; }
  close_handle(c);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    { "create", NULL, js_create, NULL, NULL, NULL, napi_default, NULL },
    { "connect", NULL, js_connect, NULL, NULL, NULL, napi_default, NULL },
    { "cancel", NULL, js_cancel, NULL, NULL, NULL, napi_default, NULL },
    { "destroy", NULL, js_destroy, NULL, NULL, NULL, napi_default, NULL },
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) { return NULL; }
  return exports;
}
