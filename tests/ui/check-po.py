#!/usr/bin/python3
# check-po.py
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails unless a translation is complete: `msgfmt --check --statistics` on the
# catalogue merged with the strings the sources hold now must report no
# untranslated and no fuzzy message. Merging first catches strings added to the
# sources but never merged into the .po file. Names each missing message.
#
# Usage: check-po.py SOURCE_ROOT LANG

import os
import re
import subprocess
import sys
import tempfile

# The keywords of meson's i18n.gettext(preset: 'glib').
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format', '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]


def run(args, **kwargs):
    return subprocess.run(args, check=False, capture_output=True, text=True, **kwargs)


def main():
    root, lang = sys.argv[1:3]
    po_dir = os.path.join(root, 'po')
    po_file = os.path.join(po_dir, lang + '.po')

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'yibao.pot')
        merged = os.path.join(tmp, lang + '.po')

        # Only files that exist: POTFILES may name a file another change is
        # still adding, and that must not hide the state of the others.
        with open(os.path.join(po_dir, 'POTFILES.in'), encoding='utf-8') as f:
            listed = [l.strip() for l in f if l.strip() and not l.startswith('#')]
        files_from = os.path.join(tmp, 'POTFILES')
        with open(files_from, 'w', encoding='utf-8') as f:
            f.write('\n'.join(p for p in listed if os.path.exists(os.path.join(root, p))))

        r = run(['xgettext', '--package-name=yibao', '-D', root, '-o', pot,
                 '--files-from=' + files_from] + XGETTEXT_ARGS)
        if r.returncode != 0:
            print('xgettext failed:\n' + r.stderr)
            return 1

        r = run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po_file, pot])
        if r.returncode != 0:
            print('msgmerge failed:\n' + r.stderr)
            return 1

        r = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, merged])
        print(f'{lang}.po: {r.stderr.strip()}')
        if r.returncode != 0:
            return 1
        incomplete = re.search(r'untranslated|fuzzy', r.stderr) is not None

        if incomplete:
            for flag, args in (('fuzzy', ['--only-fuzzy']),
                               ('untranslated', ['--untranslated', '--no-obsolete'])):
                r = run(['msgattrib', '--no-wrap'] + args + [merged])
                for block in r.stdout.split('\n\n'):
                    msgid = re.search(r'^msgid "(.+)"$', block, re.M)
                    if msgid is None:
                        continue
                    refs = ' '.join(re.findall(r'^#: (.*)$', block, re.M))
                    print(f'{flag}: "{msgid.group(1)}" ({refs})')
            print(f'Translate these in po/{lang}.po (msgmerge it with the template first).')
            return 1

    return 0


if __name__ == '__main__':
    sys.exit(main())
