"""Delivery through a real SMTP server: an outage loses nothing and nothing is sent twice."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import send_mail


def _queue(app, key="k1", to="ana@example.com"):
    from portal import mail

    with app.app_context():
        return mail.queue("staff_waiting", to=to, key=key, what="An appeal")


def _item(app, key="k1"):
    from portal.data import get_store

    with app.app_context():
        return get_store().outbox.get(key)


def test_an_outage_keeps_the_message_and_it_is_sent_once_when_the_server_is_back(mail_app, smtp):
    from portal import dispatch
    from portal.clock import now_utc

    _queue(mail_app)
    smtp.stop()
    assert send_mail(mail_app) == {"waiting": 1}
    failed = _item(mail_app)
    assert failed.state == "waiting" and failed.attempts == 1 and "Connection" in failed.error
    smtp.start()
    assert send_mail(mail_app) == {}  # not before its back-off time
    with mail_app.app_context():
        later = now_utc() + timedelta(minutes=2)
        assert dispatch.send_due(later) == {"sent": 1}
        assert dispatch.send_due(later + timedelta(hours=1)) == {}
    assert len(smtp.to("ana@example.com")) == 1
    assert _item(mail_app).state == "sent"


def test_queueing_the_same_key_again_sends_nothing_more(mail_app, smtp):
    assert _queue(mail_app) is True
    send_mail(mail_app)
    assert _queue(mail_app) is False
    send_mail(mail_app)
    assert len(smtp.messages) == 1


def test_every_try_carries_the_same_message_id(mail_app, smtp):
    from portal.mail import message_id

    _queue(mail_app)
    send_mail(mail_app)
    assert smtp.messages[0]["Message-ID"] == message_id("k1")


def test_after_the_last_try_the_message_is_failed_with_its_reason(mail_app, smtp):
    from portal import dispatch
    from portal.clock import now_utc

    mail_app.config["MAIL_MAX_ATTEMPTS"] = 2
    _queue(mail_app)
    smtp.stop()
    with mail_app.app_context():
        start = now_utc()
        assert dispatch.send_due(start) == {"waiting": 1}
        assert dispatch.send_due(start + timedelta(hours=1)) == {"failed": 1}
        assert dispatch.send_due(start + timedelta(days=1)) == {}
    assert _item(mail_app).state == "failed"
    assert _item(mail_app).error


def test_the_background_sender_sends_when_woken(mail_app, smtp):
    from portal import dispatch

    mail_app.config["MAIL_SENDER_SECONDS"] = 600
    thread = dispatch.start_background_sender(mail_app)
    assert thread is not None
    try:
        _queue(mail_app)  # queueing wakes it, long before its round is due
        assert smtp.arrived.wait(10)
        assert len(smtp.messages) == 1
    finally:
        dispatch.stop_background_sender(mail_app)
        thread.join(10)
    assert not thread.is_alive()
