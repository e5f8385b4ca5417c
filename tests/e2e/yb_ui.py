# yb_ui.py
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives the reference hall and the Yibao app as separate processes, the app through its
# accessibility tree (AT-SPI, pyatspi): fields are found by their accessible labels, never by
# screen coordinates. Used by the end-to-end test and by build-aux/screenshots.sh.
# Needs Debian's /usr/bin/python3 with python3-pyatspi, an X display and a session bus.

import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import pyatspi


class DriverError (Exception):
    """A step of the clerk's path could not be done; the message names the step."""


def log (message):
    print ('[%7.2f] %s' % (time.monotonic () - _START, message), flush=True)


_START = time.monotonic ()


# ID numbers (GB 11643-1999)

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check_digit (first17):
    """The GB 11643 check character of the first 17 digits."""
    total = sum (int (d) * w for d, w in zip (first17, _WEIGHTS))
    return '10X98765432'[total % 11]


def make_id_number (area, birth, serial):
    """A valid 18-character ID number: area '330106', birth 'YYYYMMDD', serial 0..999."""
    first17 = '%s%s%03d' % (area, birth, serial)
    return first17 + id_check_digit (first17)


# Processes

class Hall:
    """The reference hall (yibao-refhall) in its own process, on plain HTTP."""

    def __init__ (self, build_dir, db, port=0, audit_delay=2, extra=()):
        self.build_dir = build_dir
        self.db = db
        self.port = port
        self.audit_delay = audit_delay
        self.extra = list (extra)
        self.proc = None
        self.url = None
        self.log_path = db + '.log'

    def start (self):
        binary = os.path.join (self.build_dir, 'refhall', 'yibao-refhall')
        argv = [binary, '--demo', '--http', '--port', str (self.port), '--db', self.db,
                '--audit-delay', str (self.audit_delay)] + self.extra
        log_file = open (self.log_path, 'a')
        self.proc = subprocess.Popen (argv, stdout=subprocess.PIPE, stderr=log_file,
                                      text=True)
        line = self.proc.stdout.readline ().strip ()
        match = re.match (r'^(https?://\S+)', line)
        if not match:
            self.stop ()
            raise DriverError ('the reference hall did not print its URL (got %r); see %s'
                               % (line, self.log_path))
        self.url = match.group (1)
        self.port = int (self.url.rsplit (':', 1)[1])
        log ('hall at %s' % self.url)
        return self.url

    def stop (self):
        if self.proc is not None and self.proc.poll () is None:
            self.proc.send_signal (signal.SIGTERM)
            try:
                self.proc.wait (10)
            except subprocess.TimeoutExpired:
                self.proc.kill ()
                self.proc.wait ()
        self.proc = None

    def query (self, sql, args=()):
        """Rows of a query on the hall's database, read-only."""
        con = sqlite3.connect ('file:%s?mode=ro' % self.db, uri=True, timeout=10)
        try:
            return con.execute (sql, args).fetchall ()
        finally:
            con.close ()


class App:
    """The Yibao app in its own process, with a private HOME and XDG folders."""

    def __init__ (self, build_dir, source_dir, scratch, hall_url, language='en', env=None):
        self.build_dir = build_dir
        self.source_dir = source_dir
        self.scratch = scratch
        self.hall_url = hall_url
        self.language = language
        self.extra_env = env or {}
        self.proc = None
        self.log_path = os.path.join (scratch, 'app-%s.log' % language)

    def environment (self):
        env = dict (os.environ)
        home = os.path.join (self.scratch, 'home-' + self.language)
        for sub in ('', 'config', 'data', 'cache', 'state'):
            os.makedirs (os.path.join (home, sub), mode=0o700, exist_ok=True)
        env.update ({
            'HOME': home,
            'XDG_CONFIG_HOME': os.path.join (home, 'config'),
            'XDG_DATA_HOME': os.path.join (home, 'data'),
            'XDG_CACHE_HOME': os.path.join (home, 'cache'),
            'XDG_STATE_HOME': os.path.join (home, 'state'),
            'GSETTINGS_SCHEMA_DIR': os.path.join (self.build_dir, 'data'),
            'YIBAO_REGIONS_DIR': os.path.join (self.source_dir, 'data', 'regions'),
            'YIBAO_LOCALEDIR': os.path.join (self.build_dir, 'po'),
            'YIBAO_DEMO_HALL': self.hall_url,
            'LANG': 'C.UTF-8',
            'LANGUAGE': self.language,
            'LC_ALL': '',
            'GSK_RENDERER': 'cairo',
            'ADW_DISABLE_PORTAL': '1',
            'TZ': 'Asia/Shanghai',
        })
        env.pop ('YIBAO_DEMO_HALL_CA', None)
        # The accessibility tree is what drives the app.
        env.pop ('GTK_A11Y', None)
        env.update (self.extra_env)
        return env

    def start (self):
        binary = os.path.join (self.build_dir, 'src', 'yibao')
        # On a loaded machine the X server now and then refuses a new client for a moment
        # ("cannot open display"): try again rather than fail the whole path.
        for attempt in range (3):
            start = os.path.getsize (self.log_path) if os.path.exists (self.log_path) else 0
            self.proc = subprocess.Popen ([binary], env=self.environment (),
                                          stdout=open (self.log_path, 'a'),
                                          stderr=subprocess.STDOUT)
            log ('app started (pid %d, LANGUAGE=%s)' % (self.proc.pid, self.language))
            try:
                self.proc.wait (2)
            except subprocess.TimeoutExpired:
                return
            with open (self.log_path, errors='replace') as f:
                f.seek (start)
                output = f.read ()
            if 'cannot open display' not in output:
                return
            log ('the app could not open the display; again')
            time.sleep (1)

    def stop (self):
        if self.proc is not None and self.proc.poll () is None:
            self.proc.send_signal (signal.SIGTERM)
            try:
                self.proc.wait (10)
            except subprocess.TimeoutExpired:
                self.proc.kill ()
                self.proc.wait ()
        self.proc = None

    def check_alive (self):
        if self.proc is None or self.proc.poll () is not None:
            raise DriverError ('the app ended (exit %s); see %s'
                               % (None if self.proc is None else self.proc.returncode,
                                  self.log_path))


# The accessibility tree

def wait_until (what, predicate, timeout=30, interval=0.2, app=None):
    """Calls predicate until it returns something true; raises DriverError naming what."""
    deadline = time.monotonic () + timeout
    last_error = None
    while True:
        if app is not None:
            app.check_alive ()
        try:
            value = predicate ()
            if value:
                return value
        except (DriverError, LookupError) as e:
            last_error = e
        except Exception as e:  # AT-SPI objects come and go while GTK rebuilds widgets
            last_error = e
        if time.monotonic () > deadline:
            raise DriverError ('timed out after %ds waiting for %s%s'
                               % (timeout, what,
                                  '' if last_error is None else ' (%s)' % last_error))
        time.sleep (interval)


def _safe (fn, default=None):
    try:
        return fn ()
    except Exception:
        return default


def role (acc):
    return _safe (acc.getRoleName, '')


def name (acc):
    return _safe (lambda: acc.name, '') or ''


def is_showing (acc):
    """Whether the widget has a place on screen. GTK 4.8 sets SHOWING on windows only, and
    VISIBLE also on the hidden pages of a stack; a widget that was never allocated has empty
    extents. A page once shown keeps its extents, so callers look inside the page they mean
    (a section's page, a dialog) rather than the whole window."""
    def get ():
        if not acc.getState ().contains (pyatspi.STATE_VISIBLE):
            return False
        extents = acc.queryComponent ().getExtents (pyatspi.WINDOW_COORDS)
        return extents.width > 0 and extents.height > 0
    return _safe (get, False)


def _passable (acc):
    """Whether walk() looks inside: visible, and on screen unless it is a bare container
    (stack pages are not widgets and have no extents)."""
    if role (acc) in ('panel', 'filler'):
        return _safe (lambda: acc.getState ().contains (pyatspi.STATE_VISIBLE), False)
    return is_showing (acc)


def is_sensitive (acc):
    return _safe (lambda: acc.getState ().contains (pyatspi.STATE_SENSITIVE), False)


def is_checked (acc):
    return _safe (lambda: acc.getState ().contains (pyatspi.STATE_CHECKED), False)


def children (acc):
    count = _safe (lambda: acc.childCount, 0)
    for i in range (count):
        child = _safe (lambda: acc.getChildAtIndex (i))
        if child is not None:
            yield child


def walk (acc, showing_only=True, depth=0, max_depth=60):
    """Depth-first, pre-order; skips hidden subtrees when showing_only."""
    yield acc
    if depth >= max_depth:
        return
    for child in children (acc):
        if showing_only and not _passable (child):
            continue
        yield from walk (child, showing_only, depth + 1, max_depth)


def text_of (acc):
    def get ():
        t = acc.queryText ()
        return t.getText (0, -1)
    return _safe (get, '') or ''


def _matches (acc, roles, label, exact):
    if roles and role (acc) not in roles:
        return False
    if label is None:
        return True
    n = name (acc)
    if hasattr (label, 'search'):
        return bool (label.search (n))
    if exact:
        return n == label
    return n.startswith (label)


def find_all (root, roles=(), label=None, exact=False, showing_only=True):
    if isinstance (roles, str):
        roles = (roles,)
    return [a for a in walk (root, showing_only) if _matches (a, roles, label, exact)]


def find (root, roles=(), label=None, exact=False, showing_only=True):
    """The first match or raises LookupError."""
    if isinstance (roles, str):
        roles = (roles,)
    for a in walk (root, showing_only):
        if _matches (a, roles, label, exact):
            return a
    raise LookupError ('no %s named %r' % ('/'.join (roles) or 'object', label))


def dump (acc, out=sys.stdout, depth=0, showing_only=True):
    """The tree, for failure reports."""
    extra = ''
    txt = text_of (acc) if role (acc) in ('label', 'text', 'entry') else ''
    if txt and txt != name (acc):
        extra = ' text=%r' % txt[:80]
    print ('%s%s %r%s' % ('  ' * depth, role (acc), name (acc), extra), file=out)
    for child in children (acc):
        if showing_only and not _passable (child):
            continue
        dump (child, out, depth + 1, showing_only)


def application (app_name='yibao', timeout=30, app=None):
    def get ():
        desktop = pyatspi.Registry.getDesktop (0)
        for a in children (desktop):
            if name (a) == app_name:
                return a
        return None
    return wait_until ('the app on the accessibility bus', get, timeout, app=app)


def window (application_acc, title, timeout=30, app=None):
    """A top-level window (frame or dialog) whose title starts with title (str or regex)."""
    def get ():
        for w in children (application_acc):
            if role (w) in ('frame', 'dialog', 'window') and _matches (w, (), title, False) \
               and is_showing (w):
                return w
        return None
    return wait_until ('the window %r' % (title,), get, timeout, app=app)


def click (acc):
    """Activates a button (or the first action of anything actionable)."""
    action = acc.queryAction ()
    for i in range (action.nActions):
        if action.getName (i) in ('click', 'activate', 'toggle', 'press'):
            action.doAction (i)
            return
    if action.nActions > 0:
        action.doAction (0)
        return
    raise DriverError ('%s %r has no action' % (role (acc), name (acc)))


def set_text (acc, value):
    """Replaces the text of an entry (an AdwEntryRow or its GtkText delegate)."""
    targets = [acc] + [a for a in walk (acc) if role (a) in ('text', 'entry', 'password text')]
    for target in targets:
        try:
            editable = target.queryEditableText ()
        except NotImplementedError:
            continue
        editable.setTextContents (value)
        return target
    raise DriverError ('%s %r has no editable text' % (role (acc), name (acc)))


def grab_focus (acc):
    _safe (lambda: acc.queryComponent ().grabFocus ())


def xdotool (*args):
    subprocess.run (['xdotool'] + [str (a) for a in args], check=True)


def key (*keys):
    """Sends keys to the focused window (xdotool names: Return, F5, ctrl+n)."""
    xdotool ('key', '--clearmodifiers', *keys)


def type_text (value):
    xdotool ('type', '--delay', '20', value)


def screenshot (path):
    subprocess.run (['import', '-window', 'root', path], check=True)
    log ('screenshot %s' % path)


def scratch_dir (prefix='yibao-e2e-'):
    path = tempfile.mkdtemp (prefix=prefix)
    os.chmod (path, 0o700)
    return path


def wait_find (root, roles=(), label=None, exact=False, timeout=30, app=None):
    """Waits until find() succeeds (widgets appear once laid out) and returns the match."""
    return wait_until ('%s %r' % (roles, label),
                       lambda: find (root, roles, label, exact), timeout, app=app)


def focus_window (title):
    """Gives the X keyboard focus to the top-level window titled title (there is no window
    manager under Xvfb, so nothing else does)."""
    ids = subprocess.run (['xdotool', 'search', '--onlyvisible', '--name',
                           '^%s$' % re.escape (title)],
                          capture_output=True, text=True).stdout.split ()
    if not ids:
        raise DriverError ('no X window titled %r' % title)
    xdotool ('windowfocus', '--sync', ids[-1])
    return ids[-1]


def click_at (acc, window_title):
    """Clicks the middle of acc with the pointer, in the window titled window_title: for
    widgets without an AT-SPI action (the rows of a list box in GTK 4.8). The place comes
    from the accessibility tree, so it follows the layout."""
    extents = acc.queryComponent ().getExtents (pyatspi.WINDOW_COORDS)
    if extents.width <= 0 or extents.height <= 0:
        raise DriverError ('%s %r is not on screen' % (role (acc), name (acc)))
    wid = focus_window (window_title)
    # Move, let GTK see the pointer enter, then click.
    xdotool ('mousemove', '--window', wid, extents.x + extents.width // 2,
             extents.y + extents.height // 2)
    time.sleep (0.15)
    xdotool ('click', '1')


def extents (acc, coords=pyatspi.WINDOW_COORDS):
    e = acc.queryComponent ().getExtents (coords)
    return e.x, e.y, e.width, e.height


def scroll_into_view (acc, window_acc, window_title, tries=60):
    """Turns the mouse wheel over the widget's scrolled page until the widget is wholly
    inside the window. GTK 4.8 has no AT-SPI scrollTo."""
    _, _, _, win_h = extents (window_acc)
    for _ in range (tries):
        x, y, w, h = extents (acc)
        if w > 0 and h > 0 and y >= 100 and y + h <= win_h - 10:
            return
        wid = focus_window (window_title)
        button = '5' if (w <= 0 or y + h > win_h - 10) else '4'
        # Over the middle of the widget's column, below the header bars.
        px = max (x + w // 2, 50) if w > 0 else 400
        xdotool ('mousemove', '--window', wid, px, max (win_h // 2, 150), 'click', button)
        time.sleep (0.15)
    raise DriverError ('could not scroll %s %r into view' % (role (acc), name (acc)))


def focused_in (root):
    for a in walk (root):
        if _safe (lambda: a.getState ().contains (pyatspi.STATE_FOCUSED), False):
            return a
    return None


def choose (combo, label, window_acc, window_title, attempts=3):
    """Chooses the item labelled label (or at index label) in a combo row or drop-down: opens
    its list with the pointer, moves there with the arrow keys and confirms with Return, then
    checks the row shows it. Tries again when the popup lost the keys on a loaded machine."""
    last = None
    for _ in range (attempts):
        try:
            return _choose_once (combo, label, window_acc, window_title)
        except DriverError as e:
            last = e
            log ('choosing %r in %r: %s; again' % (label, name (combo), e))
            key ('Escape')
            time.sleep (0.5)
    raise last


def _shown_labels (combo):
    return [name (l) for l in find_all (combo, 'label')
            if 'GtkPopover' not in _ancestry (l, combo)]


def _choose_once (combo, label, window_acc, window_title):
    scroll_into_view (combo, window_acc, window_title)

    def popup_items ():
        lists = [l for l in find_all (combo, 'list', 'GtkListView')
                 if 'GtkPopover' in _ancestry (l, combo) and find_all (l, 'list item')]
        if not lists:
            return None
        items = find_all (lists[-1], 'list item')
        return items if items else None

    click_at (combo, window_title)
    items = wait_until ('the list of %r to open' % name (combo), popup_items, 4)
    labels = [' '.join (name (l) for l in find_all (i, 'label')) for i in items]
    if isinstance (label, int):
        if label >= len (labels):
            raise DriverError ('%r offers only %s' % (name (combo), labels))
        label = labels[label]
    if label not in labels:
        raise DriverError ('%r offers no %r (it offers %s)' % (name (combo), label, labels))
    target = labels.index (label)
    # The list takes the keyboard focus a moment after it shows; from the first item (Home),
    # whichever item the list kept from before, walk down to the target.
    time.sleep (0.3)
    key ('Home')
    time.sleep (0.1)
    for _ in range (target):
        key ('Down')
        time.sleep (0.08)
    key ('Return')
    wait_until ('%r to show %r' % (name (combo), label),
                lambda: label in _shown_labels (combo), 3)
    return label


def _ancestry (acc, stop):
    names = []
    node = _safe (lambda: acc.parent)
    while node is not None and node != stop:
        names.append (name (node))
        node = _safe (lambda: node.parent)
    return names


# The clerk's steps

class Clerk:
    """The app's main window and dialogs, driven as the clerk would."""

    MAIN = 'Yibao'
    LOGIN = 'Log In to a Hall'

    def __init__ (self, app, texts=None):
        self.app = app
        self.acc = application (app=app)
        self.main = None
        # Accessible names differ by language; the English ones are the default.
        self.t = dict (ENGLISH)
        self.t.update (texts or {})

    def login (self, account, password, unit_name):
        dlg = window (self.acc, self.t['login-title'], app=self.app)
        set_text (wait_find (dlg, 'text', self.t['account'], app=self.app), account)
        set_text (wait_find (dlg, 'text', self.t['password'], app=self.app), password)
        button = wait_find (dlg, 'push button', re.compile (self.t['log-in']), app=self.app)
        wait_until ('the Log In button to be sensitive', lambda: is_sensitive (button), 10,
                    app=self.app)
        click (button)
        log ('logging in as %s' % account)
        row = wait_find (dlg, 'list item', unit_name, timeout=60, app=self.app)

        def dialog_open ():
            return any (name (w) == self.t['login-title'] and is_showing (w)
                        for w in children (self.acc))

        # The unit page slides in: click once it stands still, again if the click was lost.
        for attempt in range (3):
            time.sleep (0.8)
            click_at (row, self.t['login-title'])
            log ('chose the unit %s' % unit_name)
            try:
                wait_until ('the login dialog to close', lambda: not dialog_open (),
                            40 if attempt < 2 else 120, app=self.app)
                break
            except DriverError:
                if attempt == 2:
                    raise
        self.main = window (self.acc, self.MAIN, app=self.app)

    def wait_synced (self, timeout=120):
        wait_find (self.main, 'label', re.compile (self.t['synced']), timeout=timeout,
                   app=self.app)

    def section (self, title):
        """Opens a section from the sidebar and returns its page."""
        sidebar = wait_find (self.main, 'list', self.t['sections'], exact=True, app=self.app)
        row = wait_find (sidebar, 'list item', title, exact=True, app=self.app)
        click_at (row, self.MAIN)
        page = wait_find (self.main, 'panel', title, exact=True, app=self.app)
        time.sleep (0.3)
        return page

    def text (self, page, label, value):
        field = wait_find (page, ('text', 'entry'), label, app=self.app)
        set_text (field, value)
        return field

    def choose (self, page, label, value):
        choose (wait_find (page, 'combo box', label, app=self.app), value, self.main, self.MAIN)

    def press (self, page, label):
        button = wait_find (page, 'push button', label, app=self.app)
        wait_until ('%r to be sensitive' % name (button), lambda: is_sensitive (button), 30,
                    app=self.app)
        click (button)
        return button

    def dump (self, path):
        with open (path, 'w') as out:
            dump (self.acc, out)


ENGLISH = {
    'login-title': 'Log In to a Hall',
    'account': 'Account',
    'password': 'Password',
    'log-in': '^_?Log In',
    'synced': '^synced',
    'sections': 'Sections',
}
