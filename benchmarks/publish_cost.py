"""What a reply's live publishing costs a sync (gunicorn) worker, and what it could cost. Run:

    .venv/bin/python benchmarks/publish_cost.py --redis redis://127.0.0.1:6379/9

A reply publishes twice after commit (`community.live.topics`): `publish` (the post, to the
thread's group) and `publish_each` (a notification to each follower's group, one
`group_send` each, in one trip through `async_to_sync`). From a sync worker, each
`async_to_sync` call starts a thread and a new event loop, and the Pub/Sub layer keeps one
Redis connection per event loop, so each call also connects to Redis and closes again. This
times, with the layer the site configures (`community.live.channel_layer.redis_layers`, under
a throwaway prefix; no subscriber, so Redis drops what is published), CPU and wall time per
reply for:

1. today: two `async_to_sync` calls, the second with `--followers` sends in a row;
2. the same sends on one event loop kept in a thread for the process's life (one connection,
   made once), submitted with `asyncio.run_coroutine_threadsafe`, sends in a row;
3. as 2, the followers' sends gathered (sent together, answered together);
4. a lower bound: the same number of PUBLISH commands of the same size in one redis-py
   pipeline, blocking, on a connection pool kept for the process (what a sync publish that
   used the layer's message format would cost).

No Django: the layer is made directly.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--followers", type=int, default=30)
    parser.add_argument("--replies", type=int, default=60, help="replies a way, alternated")
    args = parser.parse_args()

    from asgiref.sync import async_to_sync
    from django.utils.module_loading import import_string

    from community.live.channel_layer import redis_layers

    prefix = f"h8pub-{secrets.token_hex(4)}"
    setting = redis_layers(args.redis, prefix)["default"]
    # The layer the site configures (a subclass of channels_redis's Pub/Sub layer until issue 18,
    # the stock one after).
    layer = import_string(setting["BACKEND"])(**setting["CONFIG"])
    print(f"Layer: {setting['BACKEND']}")
    post = {"type": "live.event", "topic": "thread:1", "text": json.dumps({"html": "x" * 3000})}
    note = {"type": "live.event", "topic": "notifications", "text": json.dumps({"id": 1})}
    groups = [f"live.member.{n}" for n in range(args.followers)]

    def today() -> None:
        async_to_sync(layer.group_send)("live.thread.1", post)

        async def send_all() -> None:
            for group in groups:
                await layer.group_send(group, note)

        async_to_sync(send_all)()

    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()

    def on_loop(coroutine) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, loop).result()

    def kept_loop() -> None:
        on_loop(layer.group_send("live.thread.1", post))

        async def send_all() -> None:
            for group in groups:
                await layer.group_send(group, note)

        on_loop(send_all())

    def kept_loop_gathered() -> None:
        on_loop(layer.group_send("live.thread.1", post))

        async def send_all() -> None:
            await asyncio.gather(*(layer.group_send(group, note) for group in groups))

        on_loop(send_all())

    import msgpack
    import redis

    client = redis.Redis.from_url(args.redis)
    packed_post = msgpack.packb(post)
    packed_note = msgpack.packb(note)

    def pipelined() -> None:
        with client.pipeline(transaction=False) as pipe:
            pipe.publish(f"{prefix}__group__live.thread.1", packed_post)
            for group in groups:
                pipe.publish(f"{prefix}__group__{group}", packed_note)
            pipe.execute()

    ways = {
        "today: async_to_sync x2, a new loop and connection each": today,
        "one loop kept per process, sends in a row": kept_loop,
        "one loop kept per process, followers' sends gathered": kept_loop_gathered,
        "redis-py pipeline, blocking (lower bound)": pipelined,
    }
    for way in ways.values():  # warm: imports, the kept loop's connection
        way()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
    for _ in range(args.replies):
        for name, way in ways.items():
            wall, cpu = time.perf_counter(), time.process_time()
            way()
            times[name].append(
                ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
            )
    base = statistics.median(c for _, c in times[next(iter(ways))])
    print(
        f"{args.replies} replies a way, alternated; {args.followers} followers; 1 + "
        f"{args.followers} sends a reply\n"
    )
    print("| way | CPU median ms | CPU vs today | wall median ms | wall p90 ms |")
    print("|---|--:|--:|--:|--:|")
    for name in ways:
        cpu = statistics.median(c for _, c in times[name])
        walls = sorted(w for w, _ in times[name])
        print(
            f"| {name} | {cpu:.2f} | {cpu / base:.2f} | {statistics.median(walls):.2f} | "
            f"{walls[int(0.9 * (len(walls) - 1))]:.2f} |"
        )
    loop.call_soon_threadsafe(loop.stop)


if __name__ == "__main__":
    main()
