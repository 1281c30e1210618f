#!/usr/bin/env python3
"""Rewrites the error-code table in README.md (between the codes markers) from ErrorCodes.cs and Strings.resx,
so the README always lists every code with its message. Run from anywhere: python3 build/docs/error-codes.py"""
import os
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
import re, xml.etree.ElementTree as ET
codes = re.findall(r'public const string (\w+) = "(SD\d{4})";', open('src/Tasks/Validation/ErrorCodes.cs').read())
root = ET.parse('src/Tasks/Resources/Strings.resx').getroot()
msgs = {d.get('name'): d.find('value').text for d in root.findall('data')}
warn = {'NoProcesses','MetadataUnknown','ConfigKeyUnknown','AgentNotFound','AddonMetadataUnknown','AddonSpecChanged'}
seen=set(); rows=[]
for name, code in codes:
    if code in seen: continue
    seen.add(code)
    m = msgs.get(name, '')
    m = re.sub(r'^SD\d{4}: ', '', m or '')
    m = re.sub(r"'\{\d\}'", '…', m); m = re.sub(r'\{\d\}', '…', m)
    m = m.replace('|', '\\|').replace('\n',' ')
    rows.append((code, 'warning' if name in warn else 'error', m))
rows.sort()
table = ['| code | severity | message (… stands for the item, metadata, value or file it names) |', '|---|---|---|']
table += [f'| {c} | {s} | {m} |' for c, s, m in rows]
readme = open('README.md', encoding='utf-8').read()
begin, end = '<!-- codes:begin -->', '<!-- codes:end -->'
head, rest = readme.split(begin, 1)
_, tail = rest.split(end, 1)
open('README.md', 'w', encoding='utf-8').write(head + begin + '\n' + '\n'.join(table) + '\n' + end + tail)
print(f'{len(rows)} codes written to README.md')
