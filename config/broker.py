"""The broker transports, each with one fix.

Redis (REDIS_URL set): kombu's transport, except that a worker whose acknowledgement fails keeps
taking tasks.

kombu frees a delivered message's prefetch slot only once Redis has confirmed the ack (or the
reject). When Redis stalls past the socket timeout at that moment (a pause, a long command, a
failover), the ack fails, the slot is never freed and, with a prefetch of one, the worker never
takes another task, although Redis is back and the worker looks healthy: the fault test
tests/reliability/test_redis_outage.py caught exactly that. Here the slot is freed whatever Redis
answered. The message itself stays in Redis's unacknowledged set and is delivered again after the
visibility timeout; scoring is idempotent, so the repeat costs nothing.

The embedded filesystem broker (no REDIS_URL): kombu's transport, which needs its folders to
exist before the first message, creates them when a process first connects, not when the
settings are imported (any manage.py command would otherwise write var/ as a side effect).
"""

from __future__ import annotations

from pathlib import Path

from kombu.transport import filesystem, redis, virtual


class QoS(redis.QoS):
    def ack(self, delivery_tag) -> None:
        try:
            super().ack(delivery_tag)
        except Exception:
            virtual.QoS.ack(self, delivery_tag)  # free the slot; Redis redelivers the message later
            raise

    def reject(self, delivery_tag, requeue: bool = False) -> None:
        try:
            super().reject(delivery_tag, requeue=requeue)
        except Exception:
            virtual.QoS.ack(self, delivery_tag)
            raise


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel


class FilesystemChannel(filesystem.Channel):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for option in ("data_folder_in", "data_folder_out", "control_folder"):
            folder = self.transport_options.get(option)
            if folder:
                Path(folder).mkdir(parents=True, exist_ok=True)


class FilesystemTransport(filesystem.Transport):
    Channel = FilesystemChannel
