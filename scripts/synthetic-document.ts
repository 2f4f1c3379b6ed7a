/**
 * `npx tsx scripts/synthetic-document.ts [--tasks 10000] [--number 9001] [--out FILE]`: writes a large plan
 * document in GFM (a decision with one appendix of task tables) for measuring ingest, start, memory and answers
 * at scale. Its rows are the reviewed tasks shipped in `knowledge/documents/<id>/tasks.json`, repeated and varied:
 * each copy names a distinct locality and batch, and takes its lead, partners, deadline, result and funding from
 * a shifted source row, so the rows are distinct, realistic and not copies of one another.
 *
 * Contract: exactly `tasks` task rows, in groups of GROUP_SIZE under roman-numeral group rows, labelled `<run>.<row>`
 * (`1.1` … `1.50`, `2.1` …: labels of at most three digits a part, as the interpreter reads them), deterministic for
 * given arguments, readable by `npm run ingest -- --seed FILE` without review warnings.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toRoman } from '../src/text/roman.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Task rows under one group row (roman numerals: the interpreter reads them up to LXXXIX). */
export const GROUP_SIZE = 500;
/** Task rows sharing the first part of their label (`12.1` … `12.50`). */
export const RUN_SIZE = 50;

export interface SourceTask {
  name: string;
  lead: string;
  partners: string;
  deadline: string;
  result: string;
  funding: string;
  group: string;
}

export interface SyntheticOptions {
  tasks: number;
  /** The decision's number (`<number>/QĐ-UBND`), which is its document id. */
  number?: number;
  /** Rows to vary; defaults to every reviewed task in the checkout's knowledge. */
  source?: readonly SourceTask[];
}

interface ReviewedTask {
  name: string;
  lead?: { text?: string } | null;
  partners?: { text?: string } | null;
  deadline?: { text?: string } | null;
  result?: string | null;
  funding?: string | { text?: string } | null;
  group?: { title?: string } | null;
}

/** Every reviewed task in `knowledge/documents/*`, in file order. */
export function reviewedTasks(root = ROOT): SourceTask[] {
  const base = path.join(root, 'knowledge', 'documents');
  const out: SourceTask[] = [];
  for (const id of readdirSync(base).sort()) {
    const tasks = JSON.parse(readFileSync(path.join(base, id, 'tasks.json'), 'utf8')) as ReviewedTask[];
    for (const task of tasks) {
      out.push({
        name: task.name,
        lead: task.lead?.text ?? '',
        partners: task.partners?.text ?? '',
        deadline: task.deadline?.text ?? '',
        result: task.result ?? '',
        funding: typeof task.funding === 'string' ? task.funding : (task.funding?.text ?? ''),
        group: task.group?.title ?? '',
      });
    }
  }
  return out.filter((task) => task.name.trim() !== '' && task.lead.trim() !== '');
}

/** Made-up locality names: syllables combined, so thousands are distinct and none is a real province. */
const FIRST = ['An', 'Bình', 'Cẩm', 'Đông', 'Hòa', 'Kim', 'Lạc', 'Minh', 'Ngọc', 'Phú', 'Quang', 'Tân', 'Thanh', 'Vĩnh', 'Xuân', 'Yên'];
const SECOND = ['Khê', 'Lâm', 'Mỹ', 'Nghĩa', 'Phong', 'Sơn', 'Thái', 'Thịnh', 'Trung', 'Tường', 'Vân', 'Đức'];
const UNITS = ['xã', 'phường', 'cụm công nghiệp', 'khu dân cư'];

function locality(index: number): string {
  const first = FIRST[index % FIRST.length]!;
  const second = SECOND[Math.floor(index / FIRST.length) % SECOND.length]!;
  const unit = UNITS[Math.floor(index / (FIRST.length * SECOND.length)) % UNITS.length]!;
  return `${unit} ${first} ${second}`;
}

/** A table cell: pipes escaped, line breaks as `<br>`. */
const cell = (text: string): string => text.replace(/\|/gu, '\\|').replace(/\r?\n/gu, '<br>');

export function syntheticDocument(options: SyntheticOptions): string {
  const source = options.source ?? reviewedTasks();
  if (source.length === 0) throw new Error('synthetic-document: no source tasks');
  const number = options.number ?? 9001;
  const count = Math.max(0, Math.floor(options.tasks));
  const header = [
    '**ỦY BAN NHÂN DÂN TỈNH MẪU LỚN**',
    '',
    '**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**',
    '**Độc lập - Tự do - Hạnh phúc**',
    '',
    `Số: ${number}/QĐ-UBND`,
    '',
    '*Tỉnh Mẫu Lớn, ngày 15 tháng 10 năm 2025*',
    '',
    '# QUYẾT ĐỊNH',
    '',
    '## Ban hành Kế hoạch triển khai nhiệm vụ chuyển đổi số cấp cơ sở giai đoạn 2026-2030',
    '',
    '**CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH MẪU LỚN**',
    '',
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;',
    '',
    'Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ.',
    '',
    '**QUYẾT ĐỊNH:**',
    '',
    `**Điều 1.** Ban hành kèm theo Quyết định này Danh mục ${count} nhiệm vụ chuyển đổi số cấp cơ sở giai đoạn 2026-2030 *(chi tiết tại Phụ lục)*.`,
    '',
    '**Điều 2.** Các sở, ban, ngành và Ủy ban nhân dân cấp xã chủ động triển khai nhiệm vụ được giao; định kỳ hằng quý báo cáo kết quả về Sở Khoa học và Công nghệ.',
    '',
    '**Điều 3.** Quyết định này có hiệu lực kể từ ngày ký.',
    '',
    '**KT. CHỦ TỊCH**',
    '**PHÓ CHỦ TỊCH**',
    '',
    '**Trần Văn Mẫu**',
    '',
    '---',
    '',
    '**PHỤ LỤC**',
    '',
    '**DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ CẤP CƠ SỞ GIAI ĐOẠN 2026-2030**\\',
    `*(Kèm theo Quyết định số ${number}/QĐ-UBND ngày 15/10/2025 của Chủ tịch UBND tỉnh)*`,
    '',
    '| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời gian hoàn thành | Nguồn vốn |',
    '|:---:|---|---|---|---|---|---|',
  ];
  const rows: string[] = [];
  for (let index = 0; index < count; index += 1) {
    if (index % GROUP_SIZE === 0) {
      const group = Math.floor(index / GROUP_SIZE);
      const title = source[(group * 37) % source.length]!.group || 'Nhiệm vụ chung';
      rows.push(`| **${toRoman(group + 1)}** | **${cell(`${title} tại ${locality(group)}`)}** | | | | | |`);
    }
    const task = source[index % source.length]!;
    // Other fields from shifted rows: a row's columns do not all repeat together.
    const other = source[(index * 31 + 11) % source.length]!;
    const batch = Math.floor(index / source.length) + 1;
    const name = `${task.name.replace(/[.;:\s]+$/u, '')} tại ${locality(index)}, đợt ${batch}`;
    rows.push(`| ${Math.floor(index / RUN_SIZE) + 1}.${(index % RUN_SIZE) + 1} | ${cell(name)} | ${cell(task.lead)} | ${cell(other.partners)} | ${cell(task.result)} | ${cell(other.deadline)} | ${cell(task.funding)} |`);
  }
  return [...header, ...rows, '', 'Ghi chú: thời hạn tính theo năm dương lịch.', ''].join('\n');
}

function main(argv: string[]): void {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const tasks = Number(value('--tasks') ?? 10_000);
  const number = Number(value('--number') ?? 9001);
  if (!Number.isInteger(tasks) || tasks < 1 || !Number.isInteger(number) || number < 1) {
    process.stderr.write('usage: npx tsx scripts/synthetic-document.ts [--tasks N] [--number N] [--out FILE]\n');
    process.exitCode = 2;
    return;
  }
  const text = syntheticDocument({ tasks, number });
  const out = value('--out');
  if (out === undefined) process.stdout.write(text);
  else writeFileSync(out, text);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
