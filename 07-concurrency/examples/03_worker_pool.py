"""An asyncio worker pool that drains and stops cleanly.

uv run python examples/03_worker_pool.py
"""

from __future__ import annotations

import asyncio

from workers import AsyncWorkerPool, Done, Failed


async def resize(image_id: int) -> str:
    await asyncio.sleep(0)  # stands for real I/O: fetch, resize, upload
    if image_id == 7:
        raise ValueError("corrupt image")
    return f"thumb-{image_id}.jpg"


async def main() -> None:
    async with AsyncWorkerPool(resize, workers=3, maxsize=4) as pool:
        for image_id in range(10):
            await pool.submit(image_id)
        print(f"submitted 10 jobs; {pool.queued} still queued when the producer finished")
    # Leaving the block sent one STOP per worker behind the jobs and waited for the workers.
    done = sorted(r.item for r in pool.results if isinstance(r, Done))
    failed = {r.item: repr(r.error) for r in pool.results if isinstance(r, Failed)}
    print(f"done:   {done}")
    print(f"failed: {failed}")
    left = asyncio.all_tasks() - {asyncio.current_task()}
    print(f"tasks still running: {len(left)}")


if __name__ == "__main__":
    asyncio.run(main())
