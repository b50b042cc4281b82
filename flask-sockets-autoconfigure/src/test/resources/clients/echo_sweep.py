"""Echo sweep with a third-party client: messages of many sizes and kinds, compressed with permessage-deflate when
the server accepts it and cut into frames of random sizes, each echo compared with what was sent.

usage: echo_sweep.py URL SEED LIMIT RANDOM_SIZES; exits 1 if any echo differs."""
import asyncio
import random
import sys

import websockets

MULTI_BYTE = "aé€😀"


def sizes(rng, limit, random_sizes):
    result = []
    power = 1024
    while power <= limit * 2:
        result.extend(size for size in range(power - 2, power + 3) if 0 < size <= limit)
        power *= 2
    result.extend(int(2 ** rng.uniform(0, limit.bit_length())) % limit + 1 for _ in range(random_sizes))
    return result


def payloads(rng, size):
    yield "text", ("ab" * size)[:size]
    yield "utf-8 text", "".join(MULTI_BYTE[(i * 7 + size) % len(MULTI_BYTE)] for i in range(size))
    yield "binary", (b"ab" * size)[:size]
    yield "random binary", rng.randbytes(size)


def fragments(rng, data):
    result, start = [], 0
    while start < len(data):
        end = start + rng.randint(1, max(1, len(data) // 3))
        result.append(data[start:end])
        start = end
    return result


async def main(url, seed, limit, random_sizes):
    rng = random.Random(seed)
    changed = count = 0
    async with websockets.connect(url, compression="deflate", max_size=None, ping_interval=None) as ws:
        print("extensions:", ws.response_headers.get("Sec-WebSocket-Extensions", "none"))
        for size in sizes(rng, limit, random_sizes):
            for kind, data in payloads(rng, size):
                await ws.send(fragments(rng, data))
                echo = await ws.recv()
                count += 1
                if echo != data:
                    changed += 1
                    print("CHANGED", kind, size, "->", len(echo))
    print(count, "messages,", changed, "changed")
    return 1 if changed else 0


sys.exit(asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))))
