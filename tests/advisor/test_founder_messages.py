# ruff: noqa: RUF001 (the Chinese wording has full-width punctuation)
"""An advisor writes to the founder from the case page: the founder receives it over a real SMTP
server (aiosmtpd on a local port) with the link to their case, the case's history records it,
and a message that cannot be delivered is kept with the reason."""

from __future__ import annotations

import re
from html import unescape

import pytest
from celery.signals import task_postrun, task_prerun
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from advisor.models import Case, CaseMessage
from advisor.services.messages import case_message_founder
from advisor.services.notes import case_note_add
from advisor.services.notifications import case_link_renew
from advisor.tasks import send_founder_message
from config.celery import _database_connections_checked
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    advisor_client_fixture,
    advisor_fixture,
    case_url,
    change_url,
    scored_case,
)
from tests.advisor.founder_support import compiled_translations  # noqa: F401 (fixture)
from tests.smtp import body_of, start_smtp_server

pytestmark = pytest.mark.django_db

# Not tests/smtp.py's port: the founder-email tests may run beside these.
PORT = 16661
SITE = "https://advisor.example"


def use_smtp(settings, port: int = PORT) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = SITE


@pytest.fixture
def smtp(settings):
    controller, inbox = start_smtp_server(port=PORT)
    use_smtp(settings)
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def _tasks_run_inside_the_tests_transaction():
    """The tasks run here in the test's process (Task.apply: retries and failure hooks as in a
    worker), inside the test's transaction; the worker's check around each task would close
    that connection (its autocommit is off), so it is off for these tests."""
    task_prerun.disconnect(_database_connections_checked)
    task_postrun.disconnect(_database_connections_checked)
    yield
    task_prerun.connect(_database_connections_checked)
    task_postrun.connect(_database_connections_checked)


def founder_case(name: str = "Mailed Robotics", *, email: str = "ada@example.com", language="en"):
    """A scored case whose founder left an email address (set after the submission, so that no
    link email is queued with it)."""
    case = scored_case(name)
    Case.objects.filter(pk=case.pk).update(founder_email=email, founder_language=language)
    case.refresh_from_db()
    return case


def write(client, case: Case, *, subject: str = "Pilot in Ohio", body: str = "Shall we talk?"):
    return client.post(case_url(case, "message"), {"subject": subject, "body": body})


def founders_link(case: Case) -> str:
    case.refresh_from_db()
    return f"{SITE}{reverse('advisor:case', args=[case.public_id])}"


def messages_module(page: str) -> str:
    page = unescape(page)
    start = page.index('id="founder-messages"')
    return page[start : page.index('id="case-notes"', start)]


def test_an_advisor_writes_to_the_founder_who_receives_it_over_smtp_with_the_link(
    advisor_client, advisor, handmade_region_data, smtp, django_capture_on_commit_callbacks
):
    advisor.email = "ada.advisor@example.com"
    advisor.save()
    case = founder_case()
    page = advisor_client.get(change_url(case)).content.decode()
    assert 'id="founder-message-form"' in page and "Message to the founder" in page
    with django_capture_on_commit_callbacks() as queued:
        response = write(advisor_client, case, body="Shall we talk about the Ohio pilot?")
    assert response.status_code == 302
    assert response["Location"] == change_url(case) + "#founder-messages"
    assert len(queued) == 1  # the email is queued once the message is saved
    message = CaseMessage.objects.get(case=case)
    assert (message.status, message.to, message.author) == ("sending", "ada@example.com", advisor)

    assert send_founder_message.apply(args=[message.id]).get() is True
    [email] = smtp.wait_for(1)
    assert email["To"] == "ada@example.com"
    assert email["Subject"] == "Pilot in Ohio"
    assert email["Reply-To"] == "ada.advisor@example.com"
    text = body_of(email)
    assert text.startswith("Shall we talk about the Ohio pilot?")
    assert founders_link(case) in text
    assert "Your relocation report for Mailed Robotics is at your private link" in text
    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at is not None and message.attempts == 1
    listed = messages_module(advisor_client.get(change_url(case)).content.decode())
    assert "Pilot in Ohio" in listed and "Shall we talk about the Ohio pilot?" in listed
    assert re.search(r'class="founder-message-status">\s*<strong>Sent</strong>', listed)


def test_the_message_to_the_founder_is_recorded_in_the_case_history_in_words(
    advisor_client, advisor, handmade_region_data, smtp
):
    case = founder_case()
    write(advisor_client, case, body="Shall we talk?")
    record = case.history.order_by("-history_id").first()
    assert record.history_user == advisor
    assert record.history_change_reason == (
        "Message to the founder (ada@example.com): “Pilot in Ohio”: Shall we talk?"
    )
    history = unescape(
        advisor_client.get(reverse("admin:advisor_case_history", args=[case.pk])).content.decode()
    )
    assert "Message to the founder (ada@example.com): “Pilot in Ohio”: Shall we talk?" in history
    recent = unescape(advisor_client.get(change_url(case)).content.decode())
    recent = recent[recent.index('id="case-history"') :]
    row = next(row for row in recent.split("<tr") if "Message to the founder" in row)
    assert "ada" in row and "“Pilot in Ohio”" in row


def test_a_case_without_a_founder_email_shows_a_clear_error_and_sends_nothing(
    advisor_client, handmade_region_data, smtp, django_capture_on_commit_callbacks
):
    case = scored_case("Silent Robotics")
    assert case.founder_email == ""
    page = messages_module(advisor_client.get(change_url(case)).content.decode())
    assert "This case has no founder email address" in page
    assert 'id="founder-message-form"' not in page
    before = case.history.count()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = write(advisor_client, case)
    assert response.status_code == 200
    shown = unescape(response.content.decode())
    assert "This case has no founder email address: the founder left none" in shown
    assert "Nothing was sent." in shown
    assert queued == [] and smtp.messages == []
    assert not CaseMessage.objects.exists() and case.history.count() == before


def test_without_email_configured_the_advisor_is_told_before_writing_and_nothing_is_sent(
    advisor_client, handmade_region_data, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # consolemail://
    case = founder_case()
    page = messages_module(advisor_client.get(change_url(case)).content.decode())
    assert "Email is not configured on this server" in page
    assert 'id="founder-message-form"' not in page
    response = write(advisor_client, case, subject="Kept subject", body="Kept words")
    shown = unescape(response.content.decode())
    assert response.status_code == 200 and "Email is not configured on this server" in shown
    assert not CaseMessage.objects.exists()


def test_a_missing_subject_is_refused_beside_its_field_keeping_what_was_typed(
    advisor_client, handmade_region_data, smtp
):
    case = founder_case()
    response = write(advisor_client, case, subject="   ", body="Words worth keeping")
    page = response.content.decode()
    assert response.status_code == 200 and "This field is required." in page
    assert "Words worth keeping</textarea>" in page
    assert not CaseMessage.objects.exists()


def test_a_refused_delivery_is_recorded_as_not_delivered_and_the_message_is_kept(
    advisor_client, handmade_region_data, smtp
):
    smtp.refused.add("gone@example.com")
    case = founder_case(email="gone@example.com")
    write(advisor_client, case, subject="Are you there?", body="We have news.")
    message = CaseMessage.objects.get()
    # A refusal for good is not tried again: one attempt, failed at once.
    assert send_founder_message.apply(args=[message.id]).get() is False
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 1
    assert "SMTPRecipientsRefused" in message.error and "550" in message.error
    assert (message.subject, message.body) == ("Are you there?", "We have news.")
    assert smtp.messages == []
    record = case.history.order_by("-history_id").first()
    assert record.history_change_reason.startswith(
        "Message to the founder not delivered (gone@example.com): “Are you there?”: "
        "SMTPRecipientsRefused"
    )
    listed = messages_module(advisor_client.get(change_url(case)).content.decode())
    assert "Not delivered" in listed and "No such mailbox here" in listed
    assert "Send again" in listed

    # The founder's address is corrected; the kept message is sent again and arrives.
    Case.objects.filter(pk=case.pk).update(founder_email="ada@example.com")
    resend = reverse("admin:advisor_case_message_resend", args=[case.pk, message.id])
    assert advisor_client.post(resend).status_code == 302
    message.refresh_from_db()
    assert (message.status, message.to, message.error) == ("sending", "ada@example.com", "")
    assert send_founder_message.apply(args=[message.id]).get() is True
    [email] = smtp.wait_for(1)
    assert email["To"] == "ada@example.com" and "We have news." in body_of(email)


def test_a_mail_server_that_is_away_is_tried_again_and_then_the_message_is_kept_as_failed(
    advisor_client, handmade_region_data, settings
):
    use_smtp(settings, port=PORT + 1)  # nothing listens there: every connection is refused
    case = founder_case()
    write(advisor_client, case)
    message = CaseMessage.objects.get()
    outcome = send_founder_message.apply(args=[message.id])
    assert outcome.failed()
    message.refresh_from_db()
    retries = send_founder_message.max_retries
    assert message.status == "failed" and message.attempts == retries + 1
    assert "ConnectionRefusedError" in message.error
    assert message.subject == "Pilot in Ohio"
    reasons = list(case.history.values_list("history_change_reason", flat=True))
    assert any(reason and "not delivered" in reason for reason in reasons)


def test_an_advisor_who_may_only_view_cases_cannot_write_to_the_founder(
    client, handmade_region_data, smtp
):
    viewer = User.objects.create_user("viewer", password="x" * 20, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_case"))
    client.force_login(viewer)
    case = founder_case()
    page = client.get(change_url(case)).content.decode()
    assert 'id="founder-messages"' in page and 'id="founder-message-form"' not in page
    assert write(client, case).status_code == 403
    assert client.get(case_url(case, "message")).status_code == 403
    assert not CaseMessage.objects.exists() and smtp.messages == []


def test_a_founder_who_wrote_in_chinese_gets_the_link_line_in_chinese(
    advisor, handmade_region_data, smtp
):
    case = founder_case(email="li@example.com", language="zh-hans")
    message = case_message_founder(case_id=case.id, subject="试点", body="我们谈谈？", by=advisor)
    assert message.language == "zh-hans"
    send_founder_message.apply(args=[message.id])
    [email] = smtp.wait_for(1)
    text = body_of(email)
    assert "私密链接" in text and founders_link(case) in text
    assert "Your relocation report" not in text


def test_the_messages_to_the_founder_are_in_chinese_in_the_chinese_workspace(
    advisor_client, handmade_region_data, smtp
):
    advisor_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/admin/"})
    case = founder_case()
    write(advisor_client, case)
    page = messages_module(advisor_client.get(change_url(case)).content.decode())
    for words in ("给创始人的消息", "主题", "消息内容", "发送给创始人", "发送中"):
        assert words in page, words
    assert "Messages to the founder" not in page and "Send to the founder" not in page
    silent = scored_case("Silent Robotics")
    page = messages_module(advisor_client.get(change_url(silent)).content.decode())
    assert "此案例没有创始人的电子邮箱" in page


def test_a_long_note_or_message_is_quoted_in_the_history_without_error(
    advisor, handmade_region_data, smtp
):
    case = founder_case()
    case_note_add(case_id=case.id, text="A long note. " * 20, by=advisor)
    case_message_founder(
        case_id=case.id, subject="S" * 200, body="A long message. " * 50, by=advisor
    )
    reasons = list(
        case.history.order_by("-history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons[0].startswith("Message to the founder (ada@example.com): “" + "S" * 200)
    assert reasons[1].startswith("Internal note: A long note.") and len(reasons[1]) > 100


def test_after_the_founder_renews_the_link_the_case_page_and_the_message_use_the_new_one(
    advisor_client, advisor, handmade_region_data, smtp
):
    case = founder_case()
    old = reverse("advisor:case", args=[case.pk])
    renewed = case_link_renew(case_id=case.id)
    new = reverse("advisor:case", args=[renewed.link])
    page = advisor_client.get(change_url(case)).content.decode()
    assert re.search(r'<a id="founder-page-link" href="([^"]+)"', page).group(1) == new
    message = case_message_founder(case_id=case.id, subject="New link", body="Hi", by=advisor)
    send_founder_message.apply(args=[message.id])
    [email] = smtp.wait_for(1)
    assert f"{SITE}{new}" in body_of(email) and old not in body_of(email)
