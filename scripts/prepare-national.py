#!/usr/bin/env python3
"""Builds the national view's population asset from published data.

Run by hand when a source changes (it needs openpyxl, `pip install openpyxl`);
the asset it writes is committed, so a fresh clone builds and tests without
the sources. Usage:

    python3 scripts/prepare-national.py [SOURCES] > assets/national/population-2014-15.tsv

SOURCES (default: assets/national/sources, committed with their provenance
in its README) holds nhs-payments-to-general-practice-2014-15.csv,
qof-prevalence-by-practice-2016-17.csv, qof-1415-ccg-all.xlsx and
qof-achievement-by-practice-2012-13-to-2014-15.csv. The
asset's header lines (`#`) name each file, its SHA-256, where it came from
and which columns were used.

What is published and what is modelled:
- From the 2014/15 payments file, as published: code, name, postcode, NHS
  England region, CCG, contract type, registered and weighted list (the
  file's quarter, mostly Q2), the MPIG correction factor column (2014/15
  cash; the engine recovers the 2013/14 factor through the rules' phase-out
  figures), seniority, balance of PMS expenditure, global sum, other
  payments, total payments, total QOF payments, the open and close dates,
  and what each enhanced service column paid (the engine decides from these
  whether the record is a year of core contract income, recovers activity
  from per-item payments, and sets its model beside the cash).
- Each practice's published QOF achievement (Fingertips "% QOF points
  achieved") for 2014/15 and 2013/14, blank where there is none.
- Disease registers, modelled: the practice's 2016/17 prevalence (register
  divided by its total list) times its 2014/15 list (source P); for practices
  not in the 2016/17 file, their CCG's 2014/15 prevalence from the HSCIC
  workbook (source C); otherwise left blank, so the engine uses national
  prevalence (source N).
- QOF achievement by indicator, modelled: each CCG's 2014/15 underlying
  achievement net of exceptions, indicator by indicator, from the same
  workbook (the engine scales it to each practice's published level).

Format 2: the header gives each section's row count and an FNV-1a 64-bit
checksum of every data line, so a cut or altered asset is refused whole.
"""
import csv, hashlib, io, os, sys
from collections import defaultdict

import openpyxl

here = os.path.dirname(os.path.abspath(__file__))
sources = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', 'assets', 'national', 'sources')
PAYMENTS = os.path.join(sources, 'nhs-payments-to-general-practice-2014-15.csv')
PREVALENCE = os.path.join(sources, 'qof-prevalence-by-practice-2016-17.csv')
WORKBOOK = os.path.join(sources, 'qof-1415-ccg-all.xlsx')
ACHIEVEMENT = os.path.join(sources, 'qof-achievement-by-practice-2012-13-to-2014-15.csv')

# 2016/17 indicator group (and workbook sheet) -> the engine's register id.
REGISTERS = {
    'AF': 'atrial_fibrillation', 'AST': 'asthma', 'CAN': 'cancer', 'CHD': 'chd',
    'CKD': 'ckd', 'COPD': 'copd', 'CVDPP': 'cvd_primary_prevention', 'DEM': 'dementia',
    'DEP': 'depression', 'DM': 'diabetes', 'EP': 'epilepsy', 'HF': 'heart_failure',
    'HYP': 'hypertension', 'LD': 'learning_disabilities', 'MH': 'mental_health',
    'OB': 'obesity', 'OST': 'osteoporosis', 'PAD': 'pad', 'PC': 'palliative_care',
    'RA': 'rheumatoid_arthritis', 'STIA': 'stroke_tia',
}
SHEET_FOR = {'CVDPP': 'CVD-PP'}

# Payments file column -> the engine's service ids it stands for; the asset
# keeps each column's cash (a column is named by its ids, comma-separated).
SERVICES = [
    ('Alcohol', ['alcohol']),
    ('GP Extended Hours Access', ['extended_hours']),
    ('Facilitating Timely Diagnosis and Support for People with Dementia', ['dementia', 'dementia_identification']),
    ('Improving Patient Online Access', ['online_access']),
    ('Learning Disabilities', ['learning_disabilities']),
    ('Patient Participation', ['patient_participation']),
    ('Remote Care Monitoring', ['remote_care_monitoring']),
    ('Risk Profiling and Case Management', ['risk_profiling']),
    ('Unplanned Admissions', ['unplanned_admissions']),
]


def fnv1a64(lines):
    h = 0xcbf29ce484222325
    for line in lines:
        for b in line.encode('utf-8') + b'\n':
            h ^= b
            h = (h * 0x100000001b3) & 0xffffffffffffffff
    return f'{h:016x}'


def iso(d):
    d = (d or '').strip()
    if not d or d == '-':
        return ''
    day, month, year = d.split('/')
    return f'{year}-{month}-{day}'


def whole(v):
    v = (v or '').strip()
    return v if v else '0'


def read_achievement():
    out = {}
    with open(ACHIEVEMENT, newline='') as f:
        for r in csv.DictReader(f):
            out[r['practice_code']] = (r['pct_points_2014_15'].strip(), r['pct_points_2013_14'].strip())
    return out


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def clean(s):
    return (s or '').replace('\t', ' ').replace('\n', ' ').strip()


def postcode(s):
    # The file writes postcodes without their space (SK116JL); the inward
    # code is always the last three characters.
    s = clean(s).replace(' ', '').upper()
    return f'{s[:-3]} {s[-3:]}' if len(s) >= 5 else s


def read_payments():
    with open(PAYMENTS, encoding='utf-8-sig', newline='') as f:
        rows = list(csv.DictReader(f))
    return [{k.strip(): v for k, v in r.items()} for r in rows]


def read_prevalence():
    registers = defaultdict(dict)
    totals = defaultdict(int)
    with open(PREVALENCE, newline='') as f:
        for r in csv.DictReader(f):
            code, group = r['PRACTICE_CODE'], r['INDICATOR_GROUP_CODE']
            # A blank register (a practice that did not submit) stays
            # unknown: the engine then uses national prevalence for it.
            if r['REGISTER'].strip():
                registers[code][group] = int(r['REGISTER'])
            if r['PATIENT_LIST_TYPE'] == 'TOTAL' and r['PATIENT_LIST_SIZE'].strip():
                totals[code] = max(totals[code], int(r['PATIENT_LIST_SIZE']))
    return registers, totals


def read_workbook():
    wb = openpyxl.load_workbook(WORKBOOK, read_only=True, data_only=True)
    prevalence = defaultdict(dict)   # ccg -> group -> fraction of total list
    achievement = defaultdict(dict)  # ccg -> indicator code -> percent
    codes = []
    for sheet in wb.sheetnames:
        ws = wb[sheet]
        rows = list(ws.iter_rows(min_row=8, values_only=True))
        # Row 8 names each indicator ("CAN003: The percentage…"); row 14 says
        # the same except once (CAN003 is headed "Cancer CAN002"), so the
        # code comes from row 8.
        names, year, head, data = rows[0], rows[6], rows[7], rows[8:]
        ccg = head.index('CCG Code')
        # The 2014-15 prevalence block: its list size and register.
        start = next(j for j, y in enumerate(year) if isinstance(y, str) and y.strip() == '2014-15')
        block = {str(head[j]).strip(): j for j in range(start, start + 6) if head[j]}
        group = next((g for g in REGISTERS if SHEET_FOR.get(g, g) == sheet), None)
        # Indicator columns: a code in row 14, "Achievement Score" in row 15,
        # and the underlying achievement a few columns on.
        indicators = []
        starts = [j for j, h in enumerate(head) if str(h or '').startswith('Achievement Score')]
        for n, j in enumerate(starts):
            if not isinstance(names[j], str) or ':' not in names[j]:
                continue
            code = names[j].split(':')[0].strip()
            end = starts[n + 1] if n + 1 < len(starts) else len(head)
            under = next((k for k in range(j + 1, end)
                          if str(head[k] or '').startswith('Underlying achievement')), None)
            if under is not None:
                indicators.append((code, under))
                codes.append(code)
        for r in data:
            c = r[ccg]
            if not c:
                continue
            if group and 'List Size' in block and 'Register' in block and r[block['List Size']]:
                prevalence[c][group] = r[block['Register']] / r[block['List Size']]
            for code, k in indicators:
                if isinstance(r[k], (int, float)):
                    achievement[c][code] = r[k]
    return prevalence, achievement, codes


def main():
    payments = read_payments()
    registers, totals = read_prevalence()
    ccg_prev, ccg_ach, codes = read_workbook()
    achievement = read_achievement()
    groups = list(REGISTERS)
    head = io.StringIO()
    rows = []
    w = lambda *cells: rows.append('\t'.join(str(c) for c in cells))
    head.write('# GP Contract Simulator: the population of English practices for the national view.\n')
    head.write('# format: 2\n')
    head.write('# Made by scripts/prepare-national.py; do not edit by hand. Open Government Licence v3.0 data.\n')
    for label, path, origin in [
        ('payments', PAYMENTS, 'NHS Payments to General Practice, England, 2014/15 (HSCIC), practice-level annex; HealthEquityEvidenceCentre/HEEC data/payments/raw/14-15.csv at commit 179bce7afa270885870f53d3631b594d7d353c2d'),
        ('prevalence', PREVALENCE, 'QOF 2016-17 PREVALENCE file (NHS Digital); datascience2021-web/hyp PREVALENCE_1617.csv at commit 3156732ff92f5d5a29aca178d917eb881f9b7396'),
        ('workbook', WORKBOOK, 'QOF 2014-15 CCG level, qof-1415-ccg-all.xlsx (HSCIC); robcalvertjump/HFDI at commit 77c5265974d3cb054b25b76a4aec897aa07c5637'),
        ('achievement', ACHIEVEMENT, 'PHE Fingertips indicator 295, % QOF points achieved, by practice, 2012/13 to 2014/15; BenGoodair/gp_takeovers Data/qof_annual.csv at commit 0f0ca7b0a5c43cde1490cb73045e0873d8e4fb20'),
    ]:
        head.write(f'# source {label}: {os.path.basename(path)} sha256 {sha256(path)}: {origin}\n')
    head.write('# columns used, payments: Practice Code, Practice Name, Practice Postcode, NHS England (Region) Name, CCG Code, CCG NAME, Practice Open Date, Practice Close Date, Contract Type, Number of Registered Patients (Last Known Figure), Number of Weighted Patients (Last Known Figure), MPIG Correction factor, Seniority, Balance of PMS Expenditure, Global Sum, Other Payments, Total NHS Payments to General Practice, Total QOF Payments, and the enhanced service columns ' + ', '.join(c for c, _ in SERVICES) + '\n')
    head.write('# columns used, prevalence: PRACTICE_CODE, INDICATOR_GROUP_CODE, REGISTER, and PATIENT_LIST_SIZE of the TOTAL rows\n')
    head.write('# columns used, workbook: per sheet, CCG Code, 2014-15 List Size and Register; per indicator, Underlying achievement net of exceptions (per cent)\n')
    head.write('# columns used, achievement: practice_code, pct_points_2014_15, pct_points_2013_14 (per cent of the points available to the practice)\n')
    head.write('# register_source: P = the practice\'s 2016/17 prevalence times its 2014/15 list; C = its CCG\'s 2014/15 prevalence; N = none (national prevalence applies)\n')
    # The year the payments are for: the engine reads this rule set's
    # figures to recover 2013/14 values and to set its model beside the cash.
    head.write('# payments_year: 2014-15\n')
    # The payments year's first and last days: a practice that opened after
    # the first or closed by the last has no full year of payments.
    head.write('# payments_period: 2014-04-01 2015-03-31\n')
    rows.append('[practices]')
    w('code', 'name', 'postcode', 'region', 'ccg', 'contract', 'list', 'weighted', 'opened', 'closed',
      'mpig_cf_2014_15', 'seniority', 'pms_balance', 'global_sum', 'other_payments', 'total_payments', 'qof_paid',
      *('paid:' + ','.join(ids) for _, ids in SERVICES), 'qof_pct_2014_15', 'qof_pct_2013_14',
      'register_source', *(REGISTERS[g] for g in groups))
    sources = defaultdict(int)
    published = 0
    for r in payments:
        code = r['Practice Code']
        lst = int(r['Number of Registered Patients (Last Known Figure)'] or 0)
        if code in registers and totals.get(code):
            src = 'P'
            regs = [round(registers[code].get(g, 0) / totals[code] * lst) if g in registers[code] else '' for g in groups]
        elif r['CCG Code'] in ccg_prev:
            src = 'C'
            regs = [round(ccg_prev[r['CCG Code']][g] * lst) if g in ccg_prev[r['CCG Code']] else '' for g in groups]
        else:
            src = 'N'
            regs = [''] * len(groups)
        sources[src] += 1
        ach = achievement.get(code, ('', ''))
        published += 1 if ach[0] or ach[1] else 0
        w(code, clean(r['Practice Name']), postcode(r['Practice Postcode']), clean(r['NHS England (Region) Name']),
          r['CCG Code'], r['Contract Type'].strip().upper(), lst, r['Number of Weighted Patients (Last Known Figure)'] or 0,
          iso(r['Practice Open Date']), iso(r['Practice Close Date']),
          whole(r['MPIG Correction factor']), whole(r['Seniority']), whole(r['Balance of PMS Expenditure']),
          whole(r['Global Sum']), whole(r['Other Payments']), whole(r['Total NHS Payments to General Practice']),
          whole(r['Total QOF Payments']), *(whole(r[col]) for col, _ in SERVICES), ach[0], ach[1], src, *regs)
    n_practices = len(rows) - 2
    rows.append('[ccgs]')
    ccg_names = {r['CCG Code']: clean(r['CCG NAME']) for r in payments}
    indicator_codes = sorted(set(codes))
    w('ccg', 'name', *indicator_codes)
    # Every CCG with a practice, for its name; one the workbook has no
    # achievement for (three merged before 2014/15's workbook) has blank
    # figures, and the engine models its practices from national typical
    # achievement, as before.
    listed = sorted(set(ccg_ach) | set(ccg_names))
    for c in listed:
        a = ccg_ach.get(c, {})
        w(c, ccg_names.get(c, ''), *(f'{a[k]:.2f}' if k in a else '' for k in indicator_codes))
    n_ccgs = len(listed)
    head.write(f'# rows practices: {n_practices}\n')
    head.write(f'# rows ccgs: {n_ccgs}\n')
    head.write(f'# checksum fnv1a64: {fnv1a64(rows)} (of every line below, each with its newline)\n')
    sys.stdout.write(head.getvalue() + '\n'.join(rows) + '\n')
    print(f'practices {len(payments)}; register sources {dict(sources)}; published achievement {published}; CCGs {len(ccg_ach)}; indicators {len(indicator_codes)}', file=sys.stderr)


main()
