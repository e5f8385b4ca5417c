#!/usr/bin/python3
# test-daily-path.py
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The clerk's daily path, end to end: the reference hall and the app run as separate
# processes; the app is driven through its accessibility tree like a user would. Logs in to
# the demo hall through the first-run dialog, enrols two people and reduces one through the
# forms, waits for the audit results in Drafts & Outbox, and checks the hall's database.
# Then stops the hall, enrols a third person (it stays queued), restarts the hall on the same
# port and database, and checks the declaration goes out exactly once.
#
# Usage: test-daily-path.py BUILD_DIR SOURCE_DIR  (meson passes them; suite 'e2e')
# Without a display and session bus it starts them itself (xvfb-run, dbus-run-session and
# build-aux/test-session.sh).

import os
import re
import sys
import time
import traceback

HERE = os.path.dirname (os.path.abspath (__file__))


def reexec_in_session (source_dir):
    """Runs this script again inside Xvfb, a private session bus and keyring."""
    if os.environ.get ('YIBAO_E2E_IN_SESSION') == '1':
        return
    os.environ['YIBAO_E2E_IN_SESSION'] = '1'
    if os.environ.get ('DISPLAY') and os.environ.get ('DBUS_SESSION_BUS_ADDRESS'):
        return
    argv = ['xvfb-run', '-a', '-s', '-screen 0 1280x800x24', 'dbus-run-session', '--',
            os.path.join (source_dir, 'build-aux', 'test-session.sh'),
            sys.executable] + sys.argv
    os.execvp (argv[0], argv)


def main ():
    if len (sys.argv) != 3:
        print ('Usage: %s BUILD_DIR SOURCE_DIR' % sys.argv[0], file=sys.stderr)
        return 2
    build_dir, source_dir = (os.path.abspath (p) for p in sys.argv[1:3])
    reexec_in_session (source_dir)

    sys.path.insert (0, HERE)
    return run (build_dir, source_dir)


UNIT_NO = '33010010001'
UNIT_NAME = '杭州示例科技有限公司'


def person (serial, name, birth):
    from yb_ui import make_id_number
    return {'id_number': make_id_number ('330106', birth, serial), 'name': name}


def allowed_months (page):
    """The months the hall accepts, from the form's 'Months the hall accepts' row."""
    from yb_ui import find_all
    for label in find_all (page, 'label'):
        found = re.findall (r'(\d{4})-(\d{2})', label.name or '')
        if len (found) == 2 and 'Allowed' in label.name:
            return ['%s%s' % m for m in found]
    return None


def enrol (clerk, who):
    import yb_ui
    page = clerk.section ('Enrolment')
    clerk.text (page, 'ID number', who['id_number'])
    clerk.text (page, 'Name', who['name'])
    months = yb_ui.wait_until ('the months the hall accepts', lambda: allowed_months (page), 30)
    clerk.choose (page, 'Household registration type', 'Local urban')
    clerk.text (page, 'Insured-from month', months[-1])
    clerk.choose (page, 'Reason', 'Newly employed')
    clerk.choose (page, 'Employment form', 'Contract worker')
    clerk.text (page, 'Monthly wage', '6500')
    clerk.text (page, 'Mobile number', '13800138000')
    clerk.text (page, 'Address', '杭州市西湖区文三路 90 号')
    clerk.text (page, 'Postcode', '310012')
    time.sleep (1)
    clerk.press (page, re.compile ('^_?Submit'))
    yb_ui.log ('submitted the enrolment of %s' % who['id_number'])


class Failure (Exception):
    pass


def check (condition, what):
    if not condition:
        raise Failure ('expected ' + what)
    from yb_ui import log
    log ('ok: ' + what)


def wait_declared (hall, baseline, id_number, clerk=None, timeout=60):
    """Waits until the hall received the declaration of id_number; with clerk, presses F5
    (sync now) every few seconds as the clerk would rather than wait for the next pass."""
    import yb_ui

    def received ():
        if hall.query ('SELECT 1 FROM declarations WHERE rowid > ? AND id_number = ?',
                       (baseline, id_number)):
            return True
        if clerk is not None and time.monotonic () - received.last_kick > 5:
            received.last_kick = time.monotonic ()
            yb_ui.focus_window (clerk.MAIN)
            yb_ui.key ('F5')
        return False
    received.last_kick = time.monotonic ()
    yb_ui.wait_until ('the hall to receive the declaration of %s' % id_number, received,
                      timeout, interval=0.5)


def wait_hall_status (hall, baseline, status, count, timeout=60):
    import yb_ui
    yb_ui.wait_until ('%d declarations %s by the hall' % (count, status),
                      lambda: [r[0] for r in hall.query (
                          'SELECT status FROM declarations WHERE rowid > ?', (baseline,))]
                      == [status] * count, timeout)


def reduce (clerk, id_number):
    """Finds the person in the roster by ID number, selects the row and submits the reduction
    with the first reason and the first stop month offered."""
    import yb_ui
    page = clerk.section ('Reduction')
    clerk.text (page, 'Search the roster', id_number)
    cell = yb_ui.wait_find (page, 'label', id_number, exact=True, timeout=30, app=clerk.app)
    yb_ui.click_at (cell, clerk.MAIN)
    yb_ui.wait_until ('the reduction form to list %s' % id_number,
                      lambda: not yb_ui.find_all (page, 'label',
                                                  'Select the people to reduce'), 10)
    reason = yb_ui.wait_find (page, 'combo box', 'Reason', app=clerk.app)
    yb_ui.choose (reason, 1, clerk.main, clerk.MAIN)
    month = yb_ui.wait_find (page, 'combo box', 'Stop month', app=clerk.app)
    if any (yb_ui.name (l) == 'Not chosen' for l in yb_ui.find_all (month, 'label')):
        yb_ui.choose (month, 1, clerk.main, clerk.MAIN)
    clerk.text (page, 'Declared wage', '6000')
    time.sleep (0.5)
    clerk.press (page, re.compile ('^_?Submit'))
    yb_ui.log ('submitted the reduction of %s' % id_number)


def outbox_states (clerk, page, names):
    """The state shown in Drafts & Outbox for each person's name (None when not listed)."""
    import yb_ui
    states = {}
    for row in yb_ui.find_all (page, ('table row', 'list item', 'row header')):
        labels = [yb_ui.name (l) for l in yb_ui.find_all (row, 'label')]
        for who in names:
            if any (who in l for l in labels):
                states[who] = ' | '.join (labels)
    return states


def wait_outbox (clerk, names, state, timeout=90):
    """Waits until Drafts & Outbox shows state on the row of each name, pressing F5 (sync
    now) now and then as the clerk would."""
    import yb_ui
    page = clerk.section ('Drafts & Outbox')
    deadline = time.monotonic () + timeout
    last = {}
    while time.monotonic () < deadline:
        clerk.app.check_alive ()
        last = outbox_states (clerk, page, names)
        if all (state in last.get (who, '') for who in names):
            yb_ui.log ('ok: Drafts & Outbox shows %s for %s' % (state, ', '.join (names)))
            return last
        yb_ui.focus_window (clerk.MAIN)
        yb_ui.key ('F5')
        time.sleep (3)
    raise Failure ('Drafts & Outbox to show %r for %s; it shows %r' % (state, names, last))


def run (build_dir, source_dir):
    import yb_ui
    from yb_ui import App, Clerk, Hall, log

    os.environ['YIBAO_REGIONS_DIR'] = os.path.join (source_dir, 'data', 'regions')
    scratch = yb_ui.scratch_dir ()
    hall = Hall (build_dir, os.path.join (scratch, 'hall.db'), audit_delay=2)
    app = None
    clerk = None
    try:
        hall.start ()
        app = App (build_dir, source_dir, scratch, hall.url,
                   env={'GSETTINGS_BACKEND': 'memory'})
        app.start ()
        clerk = Clerk (app)
        clerk.login ('demo', 'demo12345', UNIT_NAME)
        clerk.wait_synced ()
        log ('logged in and synced')
        check (UNIT_NAME in ' '.join (yb_ui.name (l) for l in
                                      yb_ui.find_all (clerk.main, 'label')),
               'the header names the chosen unit')
        baseline = hall.query ('SELECT max(rowid) FROM declarations') [0][0] or 0

        people = [person (501, '测试甲', '19900315'), person (502, '测试乙', '19921120')]
        for who in people:
            enrol (clerk, who)
            wait_declared (hall, baseline, who['id_number'], clerk)

        rows = hall.query ('SELECT kind, id_number FROM declarations WHERE rowid > ? '
                           'ORDER BY rowid', (baseline,))
        check (rows == [('enrol_new', p['id_number']) for p in people],
               'the hall holds exactly the two enrolments, got %r' % rows)
        wait_hall_status (hall, baseline, 'approved', 2)

        # Reduce one person of the roster who is insured now, younger than retirement age.
        reduced = hall.query ("SELECT id_number, name FROM people WHERE unit_no = ? AND "
                              "status = 'insured' AND birth_date > '1980' "
                              "ORDER BY person_no LIMIT 1", (UNIT_NO,))[0]
        reduce (clerk, reduced[0])
        wait_declared (hall, baseline, reduced[0], clerk)
        wait_outbox (clerk, [people[0]['name'], people[1]['name'], reduced[1]], 'Approved')

        rows = hall.query ('SELECT kind, id_number, status FROM declarations WHERE rowid > ? '
                           'ORDER BY rowid', (baseline,))
        check (rows == [('enrol_new', people[0]['id_number'], 'approved'),
                        ('enrol_new', people[1]['id_number'], 'approved'),
                        ('reduce', reduced[0], 'approved')],
               'two approved enrolments and one approved reduction in the hall, got %r'
               % rows)
        status = hall.query ('SELECT id_number, status FROM people WHERE unit_no = ? AND '
                             'id_number IN (?, ?, ?) ORDER BY id_number',
                             (UNIT_NO, people[0]['id_number'], people[1]['id_number'],
                              reduced[0]))
        check (dict (status) == {people[0]['id_number']: 'insured',
                                 people[1]['id_number']: 'insured',
                                 reduced[0]: 'stopped'},
               "the hall's roster has the two insured and the reduced person stopped, got %r"
               % status)

        # Offline: the hall stops, the clerk enrols a third person; it waits in the outbox.
        hall.stop ()
        log ('hall stopped')
        third = person (503, '测试丙', '19951201')
        enrol (clerk, third)
        wait_outbox (clerk, [third['name']], 'Waiting to send', timeout=60)
        check (not hall.query ('SELECT 1 FROM declarations WHERE id_number = ?',
                               (third['id_number'],)),
               'nothing reached the stopped hall')

        # The hall returns on the same port and database: sync now sends it exactly once.
        hall.start ()
        wait_outbox (clerk, [third['name']], 'Approved', timeout=90)
        rows = hall.query ('SELECT kind, status FROM declarations WHERE id_number = ?',
                           (third['id_number'],))
        check (rows == [('enrol_new', 'approved')],
               'the queued enrolment reached the hall exactly once, got %r' % rows)
        return 0
    except Exception:
        traceback.print_exc ()
        if clerk is not None:
            path = os.path.join (scratch, 'tree-at-failure.txt')
            clerk.dump (path)
            yb_ui.screenshot (os.path.join (scratch, 'at-failure.png'))
            print ('The accessibility tree at the failure: %s' % path)
        return 1
    finally:
        if app is not None:
            app.stop ()
        hall.stop ()
        print ('scratch: %s' % scratch)


if __name__ == '__main__':
    sys.exit (main ())
