#!/usr/bin/python3
# check-flatpak.py
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the Flatpak manifest against the meson build: the JSON parses, the
# app id and command are right, every pkg-config dependency the build uses is
# either in the GNOME runtime or built as a module, archive sources are pinned,
# and the sandbox asks for no host filesystem.
#
# Usage: check-flatpak.py MANIFEST SOURCE_ROOT APP_ID

import json
import os
import re
import sys

# pkg-config names the org.gnome.Platform runtime (GNOME 43 and later) provides.
RUNTIME_PROVIDES = {
    'glib-2.0', 'gobject-2.0', 'gio-2.0', 'gio-unix-2.0', 'gmodule-2.0', 'gthread-2.0',
    'gtk4', 'libadwaita-1', 'libsoup-3.0', 'json-glib-1.0', 'libsecret-1', 'sqlite3',
    'gnutls', 'p11-kit-1', 'libarchive', 'libxml-2.0', 'zlib', 'cairo', 'pango',
    'pangocairo', 'gdk-pixbuf-2.0', 'libcurl',
}

# pkg-config names each bundled module installs.
MODULE_PROVIDES = {
    'libxlsxwriter': {'xlsxwriter'},
    'qrencode': {'libqrencode'},
}

# Dependencies only the tests use; they need not be in the app.
TEST_ONLY = {'softhsm2'}

ALLOWED_FINISH_ARGS = {
    '--share=network', '--share=ipc', '--socket=wayland', '--socket=fallback-x11',
    '--device=dri', '--talk-name=org.freedesktop.secrets',
    # The host's p11-kit server socket, for certificate login with a USB key.
    '--filesystem=xdg-run/p11-kit/pkcs11',
}

failures = []


def fail(message):
    failures.append(message)


def meson_dependencies(root):
    names = set()
    pattern = re.compile(r"\bdependency\(\s*'([^']+)'")
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames
                       if not d.startswith(('.', '_build', 'build')) and d != 'subprojects']
        if 'meson.build' in filenames:
            with open(os.path.join(dirpath, 'meson.build'), encoding='utf-8') as f:
                text = '\n'.join(line.split('#', 1)[0] for line in f)
            names.update(pattern.findall(text))
    return names


def main():
    manifest_path, root, app_id = sys.argv[1:4]

    try:
        with open(manifest_path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f'{manifest_path}: does not parse: {e}')
        return 1

    if manifest.get('id', manifest.get('app-id')) != app_id:
        fail(f'id is {manifest.get("id")!r}, expected {app_id!r}')
    if manifest.get('command') != 'yibao':
        fail(f'command is {manifest.get("command")!r}, expected \'yibao\'')
    if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
        fail('runtime and sdk must be org.gnome.Platform and org.gnome.Sdk')
    if not str(manifest.get('runtime-version', '')).isdigit():
        fail('runtime-version must be a GNOME release number such as "49"')

    for arg in manifest.get('finish-args', []):
        if arg not in ALLOWED_FINISH_ARGS:
            fail(f'finish-arg {arg} is not one the app needs')

    modules = manifest.get('modules', [])
    if not modules or not isinstance(modules[-1], dict) or modules[-1].get('name') != 'yibao':
        fail('the last module must be yibao itself')
    elif modules[-1].get('buildsystem') != 'meson':
        fail('the yibao module must build with meson')

    provided = set(RUNTIME_PROVIDES)
    for module in modules:
        if not isinstance(module, dict):
            fail(f'module {module!r} must be written inline')
            continue
        name = module.get('name')
        provided |= MODULE_PROVIDES.get(name, set())
        for source in module.get('sources', []):
            if source.get('type') in ('archive', 'file'):
                if not source.get('url', '').startswith('https://'):
                    fail(f'module {name}: source url must be https')
                if not re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')):
                    fail(f'module {name}: source must be pinned by a sha256')
            elif source.get('type') == 'git':
                if not re.fullmatch(r'[0-9a-f]{40}', source.get('commit', '')):
                    fail(f'module {name}: git source must be pinned by a commit')

    used = meson_dependencies(root) - TEST_ONLY
    if not used:
        fail(f'found no dependency() calls under {root}')
    for dep in sorted(used - provided):
        fail(f'meson uses pkg-config dependency {dep!r}, which the runtime lacks '
             'and no module builds')

    for message in failures:
        print(f'{manifest_path}: {message}')
    if not failures:
        print(f'{manifest_path}: OK ({len(used)} dependencies covered)')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
