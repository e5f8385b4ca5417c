#!/usr/bin/python3
# screenshots.py
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes the screenshots of build-aux/screenshots.sh in one language: starts the reference
# hall with demo data, logs in through the first-run dialog, enrols one person so that the
# outbox has content, then shows each section with data and captures the screen. Drives the
# app through its accessibility tree with tests/e2e/yb_ui.py; the accessible names are looked
# up in the build's message catalog, so the same steps work in every language.
#
# Usage: screenshots.py BUILD_DIR SOURCE_DIR OUTPUT_DIR LANGUAGE
# Runs inside the X server and session bus that screenshots.sh starts. Writes
# OUTPUT_DIR/<name>.png, and in languages other than English OUTPUT_DIR/untranslated.txt
# with the texts on screen that still look English; on a failure also OUTPUT_DIR/failure.png
# and failure-tree.txt.

import datetime
import gettext
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname (os.path.abspath (__file__))
sys.path.insert (0, os.path.join (os.path.dirname (HERE), 'tests', 'e2e'))

import yb_ui  # noqa: E402
from yb_ui import App, Clerk, DriverError, Hall, log  # noqa: E402

UNIT_NAME = '杭州示例科技有限公司'
PERSON = {'id_number': yb_ui.make_id_number ('330106', '19930518', 611), 'name': '林晓雨'}
# The partly filled form: an ID number whose check digit is wrong shows a finding.
_VALID_ID = yb_ui.make_id_number ('330106', '19960204', 612)
PARTIAL_ID = _VALID_ID[:17] + ('X' if _VALID_ID[17] != 'X' else '0')
PARTIAL_NAME = '周明'
# Latin words that a Chinese screen shows too.
KNOWN_LATIN = {'PDF', 'YYYY', 'YYYYMM', 'Ctrl', 'Excel', 'JPG', 'PNG', 'demo', 'CSV', 'xlsx',
               'csv', 'Enter', 'Shift', 'Space', 'Tab'}
# People of the demo roster of the 杭州 unit, found by searching for 王.
REDUCE_PEOPLE = ['王军艳']
PRINT_PEOPLE = ['王军艳', '王莉']


class Texts:
    """The app's strings in the language of the run, from the build's message catalog, with
    mnemonic underscores removed as GTK shows them. English is the catalog's key."""

    def __init__ (self, build_dir, language):
        self.catalog = {}
        if language != 'en':
            path = gettext.find ('yibao', os.path.join (build_dir, 'po'), [language])
            if path is None:
                raise DriverError ('no message catalog for %s under %s/po; build first'
                                   % (language, build_dir))
            with open (path, 'rb') as f:
                self.catalog = gettext.GNUTranslations (f)._catalog
        # English without mnemonics -> msgid, for labels whose msgid has an underscore.
        self.plain = {}
        for msgid in self.catalog:
            if isinstance (msgid, str):
                self.plain.setdefault (self._strip (msgid), msgid)

    @staticmethod
    def _strip (text):
        return text.replace ('_', '')

    def raw (self, msgid, context=None):
        key = msgid if context is None else '%s\x04%s' % (context, msgid)
        if key not in self.catalog and context is None:
            key = self.plain.get (self._strip (msgid), key)
        value = self.catalog.get (key)
        return value if value else msgid

    def __call__ (self, msgid, context=None):
        """The text a user sees for msgid."""
        return self._strip (self.raw (msgid, context))

    def pattern (self, msgid, context=None):
        """A regular expression for the start of an accessible name that shows msgid: GTK
        keeps the mnemonic underscore in the names of buttons."""
        return '^' + ''.join ('_?' + re.escape (c) for c in self (msgid, context))

    def prefix (self, format_msgid):
        """A regular expression for the start of a printf-formatted message."""
        return '^' + re.escape (self (format_msgid).split ('%')[0])


def code_labels (source_dir, language):
    """English -> shown label of the entries of the 杭州 code lists, which the region file
    translates itself (not the message catalog)."""
    with open (os.path.join (source_dir, 'data', 'regions', 'hangzhou.json')) as f:
        region = json.load (f)
    labels = {}

    def visit (node):
        if isinstance (node, dict):
            if isinstance (node.get ('en'), str) and isinstance (node.get ('zh_CN'), str):
                labels.setdefault (node['en'], node['zh_CN' if language == 'zh_CN' else 'en'])
            for value in node.values ():
                visit (value)
        elif isinstance (node, list):
            for value in node:
                visit (value)
    visit (region)
    return labels


class Shooter:
    def __init__ (self, build_dir, source_dir, out_dir, language):
        self.build_dir = build_dir
        self.source_dir = source_dir
        self.out_dir = out_dir
        self.language = language
        self.t = Texts (build_dir, language)
        self.codes = code_labels (source_dir, language)
        self.scratch = yb_ui.scratch_dir ('yibao-shots-')
        self.hall = None
        self.app = None
        self.clerk = None
        self.taken = []

    # Helpers

    def shot (self, name):
        # Let the last change draw, and the pointer leave no hover behind.
        yb_ui.xdotool ('mousemove', '1279', '799')
        time.sleep (1.2)
        path = os.path.join (self.out_dir, name + '.png')
        yb_ui.screenshot (path)
        self.taken.append (path)
        if self.language != 'en':
            self.note_english (name)

    def note_english (self, name):
        """Lists the texts on screen that still look English, in untranslated.txt: a word of
        three Latin letters or more that is not a format, an abbreviation or an address."""
        found = []
        for acc in yb_ui.walk (self.clerk.acc):
            if yb_ui.role (acc) not in ('label', 'push button', 'toggle button', 'text'):
                continue
            text = yb_ui.name (acc) or yb_ui.text_of (acc)
            # GTK 4.8 names a widget without a label after its class.
            if re.match (r'^(Gtk|Adw|Yb)[A-Za-z]+$', text):
                continue
            words = [w for w in re.findall (r'\b[A-Za-z]{3,}\b', text)
                     if w not in KNOWN_LATIN and not re.search (r'https?://', text)]
            if words and text not in found:
                found.append (text)
        if found:
            with open (os.path.join (self.out_dir, 'untranslated.txt'), 'a') as f:
                for text in found:
                    print ('%s: %s' % (name, text), file=f)
            log ('%s: %d texts look untranslated (untranslated.txt)' % (name, len (found)))

    def section (self, msgid):
        page = self.clerk.section (self.t (msgid, 'section'))
        time.sleep (0.5)
        return page

    def text (self, page, msgid, value):
        return self.clerk.text (page, self.t (msgid), value)

    def choose (self, page, msgid, value):
        """Chooses an entry of a region's code list by its English label."""
        return self.clerk.choose (page, self.t (msgid), self.codes.get (value, value))

    def press (self, page, msgid):
        return self.clerk.press (page, re.compile (self.t.pattern (msgid)))

    def center_window (self, title):
        """Puts a dialog in the middle of the screen, as a window manager would."""
        wid = yb_ui.focus_window (title)
        geometry = subprocess.run (['xdotool', 'getwindowgeometry', '--shell', wid],
                                   capture_output=True, text=True, check=True).stdout
        size = dict (line.split ('=', 1) for line in geometry.split ())
        yb_ui.xdotool ('windowmove', '--sync', wid, (1280 - int (size['WIDTH'])) // 2,
                       (800 - int (size['HEIGHT'])) // 2)
        time.sleep (0.5)

    def select_rows (self, page, labels, prefix=False):
        """Clicks the row showing the first label, then Ctrl+clicks those of the others."""
        for i, text in enumerate (labels):
            cell = yb_ui.wait_find (page, 'label', text, exact=not prefix, timeout=30,
                                    app=self.app)
            if i == 0:
                yb_ui.click_at (cell, self.clerk.MAIN)
            else:
                before = self.label_names (page)
                x, y, w, h = yb_ui.extents (cell)
                wid = yb_ui.focus_window (self.clerk.MAIN)
                yb_ui.xdotool ('mousemove', '--window', wid, x + w // 2, y + h // 2)
                time.sleep (0.15)
                yb_ui.xdotool ('keydown', 'ctrl', 'click', '1', 'keyup', 'ctrl')
                time.sleep (0.5)
                # Under Xvfb the click may arrive without Ctrl and only move the focus to
                # the row: then the page's selection count has not changed, and Ctrl+Space
                # adds the focused row.
                if self.label_names (page) == before:
                    yb_ui.key ('ctrl+space')
            time.sleep (0.5)

    @staticmethod
    def label_names (page):
        return [yb_ui.name (label) for label in yb_ui.find_all (page, 'label')]

    def scroll_to_top (self):
        """Turns the mouse wheel up over the section's page."""
        wid = yb_ui.focus_window (self.clerk.MAIN)
        yb_ui.xdotool ('mousemove', '--window', wid, 760, 450)
        for _ in range (15):
            yb_ui.xdotool ('click', '4')
            time.sleep (0.05)

    def settle (self, seconds=1.0):
        time.sleep (seconds)

    # The path

    def start (self):
        hall_db = os.path.join (self.scratch, 'hall.db')
        # A few seconds of audit delay: the outbox shows a declaration on its way.
        self.hall = Hall (self.build_dir, hall_db, audit_delay=6)
        self.hall.start ()
        home = os.path.join (self.scratch, 'home-' + self.language)
        settings = os.path.join (home, 'config', 'glib-2.0', 'settings')
        os.makedirs (settings, mode=0o700, exist_ok=True)
        # Without a window manager the window keeps the size it asks for: the screen's.
        with open (os.path.join (settings, 'keyfile'), 'w') as f:
            f.write ('[io/github/yibao/Yibao]\nwindow-width=1280\nwindow-height=800\n')
        self.app = App (self.build_dir, self.source_dir, self.scratch, self.hall.url,
                        language=self.language, env={'GSETTINGS_BACKEND': 'keyfile'})
        self.app.start ()
        t = self.t
        self.clerk = Clerk (self.app, {
            'login-title': t ('Log In to a Hall'),
            'account': t ('Account'),
            'password': t ('Password'),
            'log-in': t.pattern ('_Log In'),
            'synced': t.prefix ('synced %s'),
            'sections': t ('Sections'),
        })
        self.clerk.MAIN = t ('Yibao')

    def first_run (self):
        clerk, t = self.clerk, self.t
        dlg = yb_ui.window (clerk.acc, t ('Log In to a Hall'), app=self.app)
        yb_ui.set_text (yb_ui.wait_find (dlg, 'text', t ('Account'), app=self.app), 'demo')
        yb_ui.set_text (yb_ui.wait_find (dlg, 'text', t ('Password'), app=self.app),
                        'demo12345')
        self.center_window (t ('Log In to a Hall'))
        self.shot ('first-run')
        clerk.login ('demo', 'demo12345', UNIT_NAME)
        clerk.wait_synced ()
        log ('logged in and synced')

    def enrol (self):
        page = self.section ('Enrolment')
        self.text (page, 'ID number', PERSON['id_number'])
        self.text (page, 'Name', PERSON['name'])
        months_re = re.compile (self.t.prefix ('Allowed: %s to %s'))

        def months ():
            for label in yb_ui.find_all (page, 'label', months_re):
                found = re.findall (r'(\d{4})(?:-|年)(\d{2})', yb_ui.name (label))
                if len (found) == 2:
                    return ['%s%s' % m for m in found]
            return None
        allowed = yb_ui.wait_until ('the months the hall accepts', months, 30, app=self.app)
        self.choose (page, 'Household registration type', 'Local urban')
        self.text (page, 'Insured-from month', allowed[-1])
        self.choose (page, 'Reason', 'Newly employed')
        self.choose (page, 'Employment form', 'Contract worker')
        self.text (page, 'Monthly wage', '6800')
        self.text (page, 'Mobile number', '13912345678')
        self.text (page, 'Address', '杭州市西湖区文三路 90 号')
        self.text (page, 'Postcode', '310012')
        self.settle ()
        self.press (page, '_Submit')
        log ('submitted the enrolment of %s' % PERSON['id_number'])
        self.settle (2)

    def enrolment_partial (self):
        page = self.section ('Enrolment')
        # Bottom to top, so that the form ends scrolled to its start.
        self.text (page, 'Monthly wage', '5200')
        self.choose (page, 'Household registration type', 'Local urban')
        self.text (page, 'Name', PARTIAL_NAME)
        self.text (page, 'ID number', PARTIAL_ID)
        self.scroll_to_top ()
        self.settle (1.5)
        self.shot ('enrolment')

    def reduction (self):
        page = self.section ('Reduction')
        self.text (page, 'Search the roster', '王')
        self.settle (2)
        self.select_rows (page, REDUCE_PEOPLE)
        # A reason and a wage, as the clerk fills them in; the shot shows no open list.
        reason = yb_ui.wait_find (page, 'combo box', self.t ('_Reason'), app=self.app)
        yb_ui.choose (reason, 1, self.clerk.main, self.clerk.MAIN)
        self.text (page, 'Declared _wage (yuan)', '6000')
        self.shot ('reduction')

    def maintenance (self):
        self.section ('Maintenance')
        self.settle (2)
        self.shot ('maintenance')

    def queries (self):
        page = self.section ('Queries')
        tab = yb_ui.wait_find (page, (), self.t ('Unit payments'), exact=True, app=self.app)
        yb_ui.click_at (tab, self.clerk.MAIN)
        self.settle ()
        # The half year before this month, which the hall has billed.
        today = datetime.date.today ()
        months = [(today.year * 12 + today.month - 1) - k for k in (6, 1)]
        first, last = ('%04d%02d' % (m // 12, m % 12 + 1) for m in months)
        self.text (page, 'From month', first)
        self.text (page, 'To month', last)
        self.settle ()
        self.press (page, '_Refresh from the Hall')
        self.settle (4)
        self.shot ('queries')

    def printing (self):
        page = self.section ('Printing')
        row = yb_ui.wait_find (page, (), self.t ('Personal insurance certificates'), exact=True,
                               app=self.app)
        yb_ui.click_at (row, self.clerk.MAIN)
        self.settle ()
        # Not the reduction's search field: a msgid of its own.
        self.text (page, '_Search the roster', '王')
        self.settle (2)
        self.select_rows (page, PRINT_PEOPLE)
        self.shot ('printing')

    def outbox (self):
        page = self.section ('Drafts & Outbox')
        self.settle (2)
        # The enrolment sent today, with its fields and the hall's answer beside the list.
        self.select_rows (page, [PERSON['name']], prefix=True)
        self.shot ('outbox')

    def run (self):
        try:
            self.start ()
            self.first_run ()
            self.enrol ()
            self.enrolment_partial ()
            self.reduction ()
            self.maintenance ()
            self.queries ()
            self.printing ()
            self.outbox ()
            shutil.rmtree (self.scratch, ignore_errors=True)
            self.scratch = None
            return 0
        except Exception:
            traceback.print_exc ()
            if self.clerk is not None:
                self.clerk.dump (os.path.join (self.out_dir, 'failure-tree.txt'))
            yb_ui.screenshot (os.path.join (self.out_dir, 'failure.png'))
            return 1
        finally:
            if self.app is not None:
                self.app.stop ()
            if self.hall is not None:
                self.hall.stop ()
            if self.scratch is not None:
                log ('the hall and app logs are in %s' % self.scratch)


def main ():
    if len (sys.argv) != 5:
        print ('Usage: %s BUILD_DIR SOURCE_DIR OUTPUT_DIR LANGUAGE' % sys.argv[0],
               file=sys.stderr)
        return 2
    build_dir, source_dir, out_dir = (os.path.abspath (p) for p in sys.argv[1:4])
    os.makedirs (out_dir, exist_ok=True)
    os.environ['YIBAO_REGIONS_DIR'] = os.path.join (source_dir, 'data', 'regions')
    return Shooter (build_dir, source_dir, out_dir, sys.argv[4]).run ()


if __name__ == '__main__':
    sys.exit (main ())
