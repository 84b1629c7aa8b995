"""kombu's Redis transport with one fix: a worker whose acknowledgement fails keeps taking tasks.

kombu frees a delivered message's prefetch slot only once Redis has confirmed the ack (or the
reject). When Redis stalls past the socket timeout at that moment (a pause, a long command, a
failover), the ack fails, the slot is never freed and, with a prefetch of one, the worker never
takes another task, although Redis is back and the worker looks healthy: the fault test
tests/reliability/test_redis_outage.py caught exactly that. Here the slot is freed whatever Redis
answered. The message itself stays in Redis's unacknowledged set and is delivered again after the
visibility timeout; scoring is idempotent, so the repeat costs nothing.
"""

from __future__ import annotations

from kombu.transport import redis, virtual


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
