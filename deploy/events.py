#!/usr/bin/env python3
"""The CRM's event queues as an operator sees them: error queues with counts and reasons, and re-driving them.

Called by `deploy/crm events`; talks to the RabbitMQ management API only (no client library needed).
  events.py MGMT_URL list
  events.py MGMT_URL redrive QUEUE
MGMT_URL carries the credentials, e.g. http://crm:crm@127.0.0.1:15682. The virtual host is "/" unless CRM_VHOST says otherwise.
"""
import base64
import collections
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

VHOST = os.environ.get("CRM_VHOST", "/")
INBOUND = ".events"
PEEK = 200


def api(base, method, path, body=None):
    url = urllib.parse.urlsplit(base)
    auth = base64.b64encode(f"{urllib.parse.unquote(url.username or 'guest')}:{urllib.parse.unquote(url.password or 'guest')}".encode()).decode()
    request = urllib.request.Request(f"{url.scheme}://{url.hostname}:{url.port}/api/{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Basic {auth}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise SystemExit(f"RabbitMQ management {method} {path} answered {error.code}: {error.read().decode(errors='replace')}")
    except urllib.error.URLError as error:
        raise SystemExit(f"RabbitMQ management at {url.hostname}:{url.port} cannot be reached ({error.reason}): is the CRM up?")


def vhost():
    return urllib.parse.quote(VHOST, safe="")


def queues(base):
    return api(base, "GET", f"queues/{vhost()}?columns=name,messages,consumers") or []


def reasons(base, queue, count):
    """What each parked message failed with, read without taking it off the queue."""
    messages = api(base, "POST", f"queues/{vhost()}/{urllib.parse.quote(queue, safe='')}/get",
                   {"count": count, "ackmode": "ack_requeue_true", "encoding": "auto", "truncate": 2000}) or []
    found = collections.Counter()
    for message in messages:
        headers = message.get("properties", {}).get("headers", {}) or {}
        kind = headers.get("ce-type") or message.get("routing_key") or "?"
        reason = headers.get("MT-Fault-Message") or headers.get("MT-Reason") or "no reason recorded"
        found[(kind, reason.splitlines()[0][:200])] += 1
    return found, len(messages)


def target_of(queue):
    """Where a parked message goes back to: the service's inbound queue."""
    if queue.endswith("_error") or queue.endswith("_skipped"):
        queue = queue.rsplit("_", 1)[0]
    service = queue.split(".", 1)[0]
    return f"{service}{INBOUND}"


def is_parked(name):
    return name.endswith("_error") or name.endswith("_skipped")


def is_left_over(q):
    """A queue of the old one-queue-per-event wiring: no consumer reads it any more."""
    name = q["name"]
    return (not is_parked(name) and not name.endswith(INBOUND) and ".revocations." not in name
            and not name.startswith("subscriber.") and q.get("consumers", 0) == 0 and "." in name)


def list_queues(base):
    all_queues = queues(base)
    parked = [q for q in all_queues if is_parked(q["name"])]
    left_over = [q for q in all_queues if is_left_over(q)]
    if not parked and not left_over:
        print("no error queues: nothing is parked")
    unrouted = next((q for q in all_queues if q["name"] == "crm.unrouted"), None)
    if unrouted is not None:
        print(f"crm.unrouted: {unrouted.get('messages', 0)} event(s) published while no queue was bound to their routing key (kept a week)")
    for q in sorted(parked, key=lambda q: q["name"]):
        found, seen = reasons(base, q["name"], PEEK)
        held = max(q.get("messages", 0), seen)
        print(f"{q['name']}: {held}{'+' if seen == PEEK else ''} message(s) -> redrive to {target_of(q['name'])}")
        for (kind, reason), n in found.most_common():
            print(f"  {n} x {kind}: {reason}")
    for q in sorted(left_over, key=lambda q: q["name"]):
        print(f"{q['name']}: {q.get('messages', '?')} message(s), read by no consumer (wiring before one queue per service) "
              f"-> './deploy/crm events redrive {q['name']}' moves them to {target_of(q['name'])} and deletes it")


def redrive(base, queue):
    source = next((q for q in queues(base) if q["name"] == queue), None)
    if source is None:
        raise SystemExit(f"no queue named {queue} (./deploy/crm events lists them)")
    target = target_of(queue)
    if not any(q["name"] == target for q in queues(base)):
        raise SystemExit(f"{target} does not exist: start its service first")
    # A dynamic shovel (RabbitMQ's own plugin) moves what the queue holds when it starts (the broker's own count,
    # not the management statistics, which lag by seconds), confirming each message on the target before taking it
    # off the source, and then deletes itself. Consumers are idempotent by event id, so a message moved twice or one
    # already handled changes nothing.
    name = f"redrive-{queue}"
    local = "amqp://" if VHOST == "/" else f"amqp:///{urllib.parse.quote(VHOST, safe='')}"  # this node, this virtual host
    shovel = f"parameters/shovel/{vhost()}/{urllib.parse.quote(name, safe='')}"
    api(base, "PUT", shovel, {"value": {
        "src-protocol": "amqp091", "src-uri": local, "src-queue": queue, "src-delete-after": "queue-length",
        "dest-protocol": "amqp091", "dest-uri": local, "dest-queue": target,
        "ack-mode": "on-confirm", "dest-add-forward-headers": False}})
    deadline = time.time() + 300
    while api(base, "GET", shovel) is not None:
        if time.time() > deadline:
            raise SystemExit(f"the redrive of {queue} did not finish within 5 minutes; see ./deploy/crm events")
        time.sleep(0.5)
    if is_parked(queue):
        print(f"moved what {queue} held to {target}")
    else:
        api(base, "DELETE", f"queues/{vhost()}/{urllib.parse.quote(queue, safe='')}?if-empty=true")
        print(f"moved what {queue} held to {target}; deleted {queue} (no consumer reads it)")


def main(argv):
    if len(argv) < 2 or argv[1] not in ("list", "redrive") or (argv[1] == "redrive" and len(argv) != 3):
        raise SystemExit("usage: events.py MGMT_URL list | redrive QUEUE")
    if argv[1] == "list":
        list_queues(argv[0])
    else:
        redrive(argv[0], argv[2])


if __name__ == "__main__":
    main(sys.argv[1:])
