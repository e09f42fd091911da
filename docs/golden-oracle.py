#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# How the golden files of the XmlWinEventLog adapters were written: an implementation of
# DESIGN.md section 3 independent of the Java one (ElementTree for the XML, the add-on regex
# for the 4688 split). Usage: golden-oracle.py sysmon|4688 <corpus file> <line,line,...>
# prints golden blocks; the output was spot-checked by hand against the XML before it was committed.
import re, sys, datetime
import xml.etree.ElementTree as ET
NS='{http://schemas.microsoft.com/win/2004/08/events/event}'
FIELDS=['process','vendor_product','user_id','process_hash','parent_process_name','parent_process_exec','action','dest','process_current_directory','process_path','process_integrity_level','original_file_name','parent_process','parent_process_path','parent_process_guid','parent_process_id','process_guid','process_id','user','process_name']
UNK={'dest','original_file_name','parent_process','parent_process_name','process','process_name','user','vendor_product'}
def norm(f,v):
    if v is None or v=='' or v=='-': return 'unknown' if f in UNK else 'null'
    return v
def guid(v):
    # DESIGN.md section 4: a GUID, braced or not, in any case, becomes {UPPER-CASE}
    if v is None: return None
    m=re.fullmatch(r'\{?([0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})\}?', v)
    return '{'+m.group(1).upper()+'}' if m and (v[0]=='{')==(v[-1]=='}') else v
def base(p):
    if p is None: return None
    return re.split(r'[\\/]', p)[-1]
def t(s):
    if s is None: return None
    m=re.fullmatch(r'(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?Z?', s)
    if not m: return None
    frac=(m.group(7) or '')
    dt=datetime.datetime(*map(int,m.groups()[:6]))
    ns=int(frac.ljust(9,'0')) if frac else 0
    out=dt.strftime('%Y-%m-%dT%H:%M:%S')
    if ns:
        f=('%09d'%ns)
        # java Instant.toString: groups of 3 digits
        while f.endswith('000'): f=f[:-3]
        out+='.'+f
    return out+'Z'
def parse(line):
    root=ET.fromstring(line)
    sysn=root.find(NS+'System')
    prov=sysn.find(NS+'Provider').get('Name')
    eid=sysn.find(NS+'EventID').text
    tc=sysn.find(NS+'TimeCreated').get('SystemTime')
    comp=sysn.find(NS+'Computer').text
    sec=sysn.find(NS+'Security'); uid=sec.get('UserID') if sec is not None else None
    data={}
    for d in root.find(NS+'EventData').findall(NS+'Data'):
        data.setdefault(d.get('Name'), d.text if d.text is not None else '')
    return prov,eid,tc,comp,uid,data
def sysmon(line):
    prov,eid,tc,comp,uid,d=parse(line)
    g=d.get
    time=t(g('UtcTime')) or t(tc)
    user=g('User'); user=None if user is None else user.split('\\')[-1]
    il=g('IntegrityLevel'); il=None if il is None else il.lower()
    v=dict(process=g('CommandLine'),vendor_product='Microsoft Sysmon',user_id=uid,process_hash=g('Hashes'),
      parent_process_name=base(g('ParentImage')),parent_process_exec=base(g('ParentImage')),action='allowed',dest=comp,
      process_current_directory=g('CurrentDirectory'),process_path=g('Image'),process_integrity_level=il,
      original_file_name=g('OriginalFileName'),parent_process=g('ParentCommandLine'),parent_process_path=g('ParentImage'),
      parent_process_guid=guid(g('ParentProcessGuid')),parent_process_id=g('ParentProcessId'),process_guid=guid(g('ProcessGuid')),
      process_id=g('ProcessId'),user=user,process_name=base(g('Image')))
    return time,v
IL={'s-1-16-0':'untrusted','s-1-16-4096':'low','s-1-16-8192':'medium','s-1-16-8448':'medium_plus','s-1-16-12288':'high','s-1-16-16384':'system','s-1-16-20480':'protected',
    'untrusted mandatory level':'untrusted','low mandatory level':'low','medium mandatory level':'medium','medium plus mandatory level':'medium_plus','high mandatory level':'high','system mandatory level':'system','protected process mandatory level':'protected'}
def hexid(x):
    if x is None: return None
    m=re.fullmatch(r'0[xX]([0-9a-fA-F]+)',x)
    if not m: return x
    h=m.group(1).lstrip('0').lower() or '0'
    return '0x'+h
def miss(x): return x is None or x=='' or x=='-'
def process4688(cl,npn):
    if miss(cl): return npn
    m=re.search(r'("[^"]+"|\S+)\s*(.*)',cl)
    if not m: return npn
    if miss(npn): return cl
    if '\\' in m.group(1): return cl
    name='"'+npn+'"' if re.search(r'\s',npn) else npn
    return name if m.group(2)=='' else name+' '+m.group(2)
def sec4688(line):
    prov,eid,tc,comp,uid,d=parse(line)
    g=d.get
    ml=g('MandatoryLabel')
    il=None if ml is None else IL.get(ml.split('\\')[-1].lower(), ml)
    user=g('TargetUserName')
    if miss(user): user=g('SubjectUserName')
    v=dict(process=process4688(g('CommandLine'),g('NewProcessName')),vendor_product='Microsoft Windows',user_id=None,process_hash=None,
      parent_process_name=base(g('ParentProcessName')),parent_process_exec=None,action='allowed',dest=comp,
      process_current_directory=None,process_path=g('NewProcessName'),process_integrity_level=il,original_file_name=None,
      parent_process=g('ParentProcessName'),parent_process_path=g('ParentProcessName'),parent_process_guid=None,
      parent_process_id=hexid(g('ProcessId')),process_guid=None,process_id=hexid(g('NewProcessId')),user=user,process_name=base(g('NewProcessName')))
    return t(tc),v
def block(fn,n,time,v):
    out=['== %s %d'%(fn,n),'_time\t'+time]
    for f in FIELDS:
        val=norm(f,v[f])
        assert '\n' not in val and '\t' not in val, (fn,n,f)
        out.append(f+'\t'+val)
    return '\n'.join(out)
if __name__=='__main__':
    kind=sys.argv[1]; path=sys.argv[2]; picks=[int(x) for x in sys.argv[3].split(',')]
    fn=path.split('/')[-1]
    lines=open(path,encoding='utf-8').read().split('\n')
    for n in picks:
        time,v=(sysmon if kind=='sysmon' else sec4688)(lines[n-1])
        print(block(fn,n,time,v)); print()
