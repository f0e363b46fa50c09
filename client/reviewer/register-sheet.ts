/**
 * 证书发放登记单: one A4 page the officer receiving the key signs, kept by the bianban. Plain HTML with
 * inline styles (printed from the preview frame like the other forms); every value is escaped.
 */
import type { Unit } from '../../domain/model';
import { todayOf } from '../../domain/validation/calendar';
import type { IssuedCertificate } from '../../domain/contract/reviewer';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const cnDate = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${y}年${m}月${d}日`;
};

export function registerSheetHtml(p: { unit: Unit; certificate: IssuedCertificate; tokenSerial: string; tokenLabel: string; issuedBy: string; revokedSerial: string | null; date: Date }): string {
  const today = todayOf(p.date);
  const rows: [string, string][] = [
    ['单位名称', p.unit.name],
    ['统一社会信用代码', p.unit.creditCode],
    ['领取人（持证经办人）', p.certificate.holderName],
    ['证书序列号', p.certificate.serial],
    ['证书有效期至', cnDate(p.certificate.notAfter)],
    ['密钥序列号 / 标签', `${p.tokenSerial} / ${p.tokenLabel}`],
    ['办理事项', p.revokedSerial ? `补办（原证书 ${p.revokedSerial} 已吊销）` : '新发'],
    ['发证人', p.issuedBy],
    ['发证日期', cnDate(today)],
  ];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>证书发放登记单</title>
<style>@page{size:A4;margin:20mm}body{font-family:"Noto Serif CJK SC","Source Han Serif SC",serif;font-size:12pt;color:#000}
h1{text-align:center;font-size:20pt;letter-spacing:4pt;margin:0 0 8mm}table{width:100%;border-collapse:collapse}
td{border:1px solid #000;padding:3mm 4mm;vertical-align:top}td:first-child{width:45mm;white-space:nowrap}
.note{margin-top:6mm;font-size:10.5pt;line-height:1.7}.sign{display:flex;justify-content:space-between;margin-top:14mm}</style></head>
<body><h1>电子编制管理证发放登记单</h1><table>${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>
<div class="note">领取人已当面设置用户 PIN 码；管理员 PIN 码（SO PIN）由编办保管。密钥遗失或损坏，应立即报告编办吊销并补办。</div>
<div class="sign"><span>领取人签字：</span><span>发证人签字：</span><span>（编办盖章）</span></div></body></html>`;
}
