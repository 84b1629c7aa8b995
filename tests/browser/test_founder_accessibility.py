"""Accessibility of the founder pages, measured in a real browser: every control has a name, the
market shares and the weights are named groups, the chart has a text alternative, the keyboard
focus is always visible, text meets WCAG AA contrast (4.5:1, 3:1 for large text), and the page's
language follows the switcher. Each page is checked in the state a founder meets it in.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisor.services.cases import case_submit
from advisor.services.lifecycle import cases_mark_failed
from advisor.services.scoring import case_score
from tests.advisor.conftest import founder_profile
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Roles a person operates; each needs an accessible name (WCAG 4.1.2).
CONTROL_ROLES = "textbox|spinbutton|combobox|listbox|button|checkbox|radio|link|slider|searchbox"
UNNAMED_CONTROL = re.compile(rf"^\s*- ({CONTROL_ROLES})(:|\s*\[|\s*$)", re.M)

# Every visible piece of text with its colour and the colour it is drawn on (background colours of
# its ancestors blended down to the page), including placeholders and the chart's SVG text.
CONTRAST = """
() => {
  const parse = (colour) => {
    const m = colour && colour.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(parseFloat);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const backdrop = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage !== "none") return null;  // a gradient or picture: not measured
      const colour = parse(style.backgroundColor);
      if (colour && colour.a > 0) { layers.push(colour); if (colour.a >= 1) break; }
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), { r: 255, g: 255, b: 255, a: 1 });
  };
  const shown = (e) => {
    const box = e.getBoundingClientRect();
    return e.getClientRects().length > 0 && box.width > 1 && box.height > 1 &&
      getComputedStyle(e).visibility !== "hidden";
  };
  const problems = [];
  const check = (element, colour, what) => {
    const style = getComputedStyle(element);
    const background = backdrop(element);
    const fg = parse(colour);
    if (!background || !fg) return;
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
    const needed = large ? 3 : 4.5;
    const measured = ratio(over(fg, background), background);
    if (measured < needed) {
      problems.push(`${what} "${(element.textContent || element.placeholder || "").trim().slice(0, 40)}" ` +
        `${measured.toFixed(2)}:1 < ${needed}:1 (${colour} on rgb(${background.r},${background.g},${background.b}))`);
    }
  };
  for (const element of document.body.querySelectorAll("*")) {
    if (!shown(element)) continue;
    const text = Array.from(element.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (element.closest("svg")) {
      if (text && (element.tagName === "text" || element.tagName === "tspan")) {
        check(element, getComputedStyle(element).fill, "chart text");
      }
      continue;
    }
    if (text) check(element, getComputedStyle(element).color, element.tagName.toLowerCase());
    if (element.placeholder) check(element, getComputedStyle(element, "::placeholder").color, "placeholder");
  }
  return problems;
}
"""

FOCUSED = """
() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return {
    element: `${e.tagName.toLowerCase()}#${e.id || e.name || ""} ${(e.textContent || "").trim().slice(0, 30)}`,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    body: e === document.body,
  };
}
"""


def unnamed_controls(page: Page) -> list[str]:
    return [match.group(0).strip() for match in UNNAMED_CONTROL.finditer(page_tree(page))]


def page_tree(page: Page) -> str:
    return page.locator("body").aria_snapshot()


def low_contrast(page: Page) -> list[str]:
    return page.evaluate(CONTRAST)


def focus_without_outline(page: Page, stops: int) -> list[str]:
    """Tab through `stops` focus stops; each focused control must draw a visible outline."""
    missing = []
    for _stop in range(stops):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["body"]:
            break
        if not focused["outline"]:
            missing.append(focused["element"])
    return missing


def check_page(page: Page) -> None:
    assert unnamed_controls(page) == []
    assert low_contrast(page) == []


@pytest.fixture
def cases(db):
    call_command("load_regions", stdout=io.StringIO())
    done = case_score(case_id=case_submit(startup_name="Done Ltd", profile=founder_profile()).id)
    queued = case_submit(startup_name="Queued Ltd", profile=founder_profile())
    failed = case_submit(startup_name="Failed Ltd", profile=founder_profile())
    cases_mark_failed(case_ids=[failed.id], reason="The worker stopped: test")
    return {"done": done, "queued": queued, "failed": failed}


def test_the_measures_find_an_unnamed_control_low_contrast_and_a_hidden_focus(live_server, browser):
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
          const input = document.createElement("input");
          input.id = "nameless";
          document.querySelector("main").prepend(input);
          const faint = document.createElement("p");
          faint.textContent = "Faint words";
          faint.className = "faint";
          document.querySelector("main").prepend(faint);
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(".faint { color: #aaaaaa; } #nameless:focus-visible { outline: none; }");
          document.adoptedStyleSheets = [sheet];
        }"""
    )
    assert unnamed_controls(page) == ["- textbox"]
    assert any("Faint words" in problem for problem in low_contrast(page))
    page.locator("#nameless").focus()
    page.keyboard.press("Shift+Tab")
    assert focus_without_outline(page, 1) == ["input#nameless "]


def test_the_landing_page_and_the_form_are_usable_by_keyboard_and_screen_reader(
    live_server, browser, cases
):
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_page(page)
    tree = page_tree(page)
    assert 'group "Where your customers are"' in tree
    assert 'group "What matters most to you"' in tree
    assert focus_without_outline(page, stops=40) == []

    # A rejected submission: the summary and the messages beside the fields are named and legible.
    page.get_by_label("Mainland China").fill("100")
    page.get_by_label("Grants").fill("-1")
    page.get_by_role("button", name="Get my recommendation").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("Startup name")).to_have_accessible_description(
        "This field is required."
    )
    check_page(page)

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    check_page(page)
    assert 'group "您的客户在哪里"' in page_tree(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_case_page_is_usable_by_keyboard_and_screen_reader_in_every_state(
    live_server, browser, cases, viewport, screenshots
):
    page = browser.new_context(viewport=viewport).new_page()
    size = "desktop" if viewport is DESKTOP else "phone"
    for state in ("queued", "failed"):
        page.goto(live_server.url + reverse("advisor:case", args=[cases[state].id]))
        check_page(page)
        page.screenshot(path=screenshots / f"case-{state}-{size}-en.png", full_page=True)

    url = live_server.url + reverse("advisor:case", args=[cases["done"].id])
    page.goto(url + "?weight_cost=4")
    expect(page.locator("#what-if-ranking")).to_be_visible()
    check_page(page)
    tree = page_tree(page)
    # The chart is an image with a name and a description; the table gives the same figures.
    chart = "#criteria-chart" if viewport is DESKTOP else "#criteria-chart-compact"
    expect(page.locator(chart)).to_have_accessible_name("Score of each region, split by criterion")
    expect(page.locator(chart)).to_have_accessible_description(re.compile(r"1\. \w"))
    assert 'table "Ranking"' in tree or 'region "Ranking"' in tree
    assert 'group "What matters most to you"' in tree
    assert focus_without_outline(page, stops=60) == []

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    check_page(page)
