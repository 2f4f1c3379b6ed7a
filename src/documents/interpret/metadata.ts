/**
 * A document's metadata read from the document itself, the way Nghị định 30/2020 lays an administrative document
 * out: the letterhead (issuing body, "Số: …", "<Nơi>, ngày … tháng … năm …"), the kind in capitals ("KẾ HOẠCH")
 * with the title under it, or "V/v …" for a Công văn, the preamble ("Căn cứ …", "Thực hiện …"), the signature
 * block ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", then the name). A website's metadata block
 * ("- Số hiệu: …", "- Người ký: …"), when the export kept one, is read first. Missing facts stay null: a draft
 * has no number, a crawl may have lost the letterhead.
 */
import { calendarDate } from '../../text/dates.ts';
import { fold } from '../../text/vietnamese.ts';
import type { AgencyMatcher } from '../agencies/matcher.ts';
import type { DocumentMeta, IsoDate } from '../types.ts';
import { sentenceCase, titleCase, type TextUnit } from './units.ts';

/** Kinds of administrative documents, as their heading prints them (folded → display). */
const KINDS: Record<string, string> = {
  'quyet dinh': 'Quyết định',
  'ke hoach': 'Kế hoạch',
  'thong bao': 'Thông báo',
  'nghi quyet': 'Nghị quyết',
  'chuong trinh': 'Chương trình',
  'chi thi': 'Chỉ thị',
  'cong van': 'Công văn',
  'bao cao': 'Báo cáo',
  'to trinh': 'Tờ trình',
  'de an': 'Đề án',
  'huong dan': 'Hướng dẫn',
  'ke hoach hanh dong': 'Kế hoạch hành động',
  'thong bao ket luan': 'Thông báo kết luận',
};
/** The kind code of a number ("45/KH-UBND") to the kind. */
const KIND_CODES: Record<string, string> = {
  qd: 'Quyết định',
  kh: 'Kế hoạch',
  tb: 'Thông báo',
  nq: 'Nghị quyết',
  ctr: 'Chương trình',
  ct: 'Chỉ thị',
  bc: 'Báo cáo',
  tt: 'Tờ trình',
  tttr: 'Tờ trình',
  da: 'Đề án',
  hd: 'Hướng dẫn',
};

const NUMBER = /^số\s*:?\s*(\d*)\s*\/\s*([\p{L}\d][\p{L}\d.-]*(?:\s*\/\s*[\p{L}\d.-]+)*)/iu;
const DATE_LINE = /(?:^|,|\s)ngày\s+(\d{1,2})?\s*tháng\s+(\d{1,2})?\s*năm\s+(\d{4})/iu;
const SIGNATURE_START = /^(?:TM|KT|Q|TL|TUQ|TM\.\s*BAN)\.\s+\S|^(?:BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|GIÁM ĐỐC|CHỦ NHIỆM|CHÁNH VĂN PHÒNG|TỔNG GIÁM ĐỐC|TRƯỞNG BAN)(?![\p{L}\p{N}])/u;
const TITLE_LINE = /^(?:PHÓ\s+)?(?:BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|GIÁM ĐỐC|CHỦ NHIỆM|CHÁNH VĂN PHÒNG|TỔNG GIÁM ĐỐC|TRƯỞNG BAN|ỦY BAN NHÂN DÂN|BỘ|THỦ TRƯỞNG)[\p{Lu}\s,.]*$/u;
/** A person's name: two to five capitalised syllables, not all capitals. */
const PERSON_NAME = /^(?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){1,4}$/u;
const WEBSITE_TITLE = /^(Quyết định|Kế hoạch|Thông báo|Công văn|Nghị quyết|Chỉ thị|Chương trình) \d+\/\S+ (?:năm \d{4} )?(?:về|ban hành|phê duyệt|triển khai|thực hiện)(?![\p{L}\p{N}])/u;
const RELATED_DOCUMENT_LINE = /^- \d+(?=\p{Lu})/u;
const AMENDS = /(?<![\p{L}\p{N}])(?:sửa đổi|bổ sung|thay thế|điều chỉnh|bãi bỏ)(?![\p{L}\p{N}])[^.;]{0,160}?(?<![\p{L}\p{N}])(?:Quyết định|Kế hoạch|Chương trình|Nghị quyết)\s+(?:số\s+)?(\d+\/[\p{L}\d.-]+(?:\/[\p{L}\d.-]+)*)/giu;

export interface MetadataInput {
  units: TextUnit[];
  matcher: AgencyMatcher;
  /** Index of the first unit of the first appendix or task table: the signature is looked for before it. */
  bodyEnd: number;
}

function isoFromDmy(day: string, month: string, year: string): IsoDate | null {
  return calendarDate(Number(year), Number(month), Number(day));
}

function parseDmy(value: string | undefined): IsoDate | null {
  const match = value ? /(\d{1,2})\/(\d{1,2})\/(\d{4})/u.exec(value) : null;
  return match ? isoFromDmy(match[1]!, match[2]!, match[3]!) : null;
}

/** "- Số hiệu: 101/QĐ-UBND" lines of a website's metadata block, folded key → value. */
function websiteFacts(units: TextUnit[]): Map<string, string> {
  const facts = new Map<string, string>();
  for (const unit of units) {
    const match = /^- ([^:]{2,40}): (.+)$/u.exec(unit.text);
    if (match && !unit.cell) facts.set(fold(match[1]!), match[2]!.trim());
  }
  return facts;
}

/** The place a date line names before ", ngày": "Bắc Trung, ngày 01 tháng 12 năm 2025" → "Bắc Trung". */
function placeOfDateLine(text: string): string | null {
  const match = /^(.{2,40}?),?\s+ngày(?![\p{L}\p{N}])/iu.exec(text);
  return match ? match[1]!.replace(/^\*|\*$/gu, '').replace(/^(tỉnh|thành phố|tp\.?)\s+/iu, '').trim() : null;
}

/** The province or city an issuer's name ends with: "Ủy ban nhân dân tỉnh Bắc Trung" → "Bắc Trung". */
function placeOfIssuer(issuer: string): string | null {
  const match = /(?<![\p{L}\p{N}])(?:tỉnh|thành phố|Thành phố|TP\.?)\s+(\p{Lu}[\p{L}\s.]*)$/u.exec(issuer);
  return match ? match[1]!.trim() : null;
}

export function readMetadata(input: MetadataInput): DocumentMeta {
  const { units, matcher } = input;
  const facts = websiteFacts(units);
  const head = units.slice(0, Math.min(units.length, 60));

  // Number and kind code.
  let number: string | null = facts.get('so hieu') ?? null;
  let kindFromCode: string | null = null;
  const numberUnit = head.find((unit) => NUMBER.test(unit.text));
  if (numberUnit) {
    const match = NUMBER.exec(numberUnit.text)!;
    const code = match[2]!.replace(/\s+/gu, '');
    number ??= match[1] ? `${match[1]}/${code}` : null;
    kindFromCode = KIND_CODES[fold(code.split('-')[0]!)] ?? null;
  }
  // A crawl that lost the letterhead still prints the number in a caption: "(Kèm theo Công văn số 2345/BVHTTDL-VP ngày 18/11/2025 …)".
  const caption = units.find((unit) => /^\(?kem theo (?:quyet dinh|ke hoach|cong van|thong bao|nghi quyet|chi thi) so \d+\//u.test(unit.folded));
  const captionMatch = caption ? /số\s+(\d+\/[\p{L}\d.-]+(?:\/[\p{L}\d.-]+)*)(?:\s+ngày\s+(\d{1,2}\/\d{1,2}\/\d{4}))?/iu.exec(caption.text) : null;
  number ??= captionMatch?.[1] ?? null;

  // Date and place of issue.
  const dateUnit = head.find((unit) => DATE_LINE.test(unit.text) && !/^(căn cứ|thực hiện|theo)/iu.test(unit.text));
  let issuedOn: IsoDate | null = parseDmy(facts.get('ngay ban hanh'));
  let issuedText: string | null = null;
  if (!issuedOn && dateUnit) {
    const match = DATE_LINE.exec(dateUnit.text)!;
    if (match[1] && match[2]) issuedOn = isoFromDmy(match[1], match[2], match[3]!);
    else issuedText = dateUnit.text.replace(/^\*|\*$/gu, '').trim();
  }
  issuedOn ??= parseDmy(captionMatch?.[2]);

  // Kind and title.
  const kindIndex = head.findIndex((unit) => !unit.cell && KINDS[unit.folded.replace(/[.:]$/u, '')] !== undefined);
  const subjectUnit = head.find((unit) => /^v\/v\b/u.test(unit.folded));
  const isLetter = subjectUnit !== undefined || units.some((unit) => /^kinh gui\b/u.test(unit.folded));
  const type = kindIndex >= 0 ? KINDS[head[kindIndex]!.folded.replace(/[.:]$/u, '')]! : (kindFromCode ?? (isLetter ? 'Công văn' : 'Văn bản'));

  // Issuer: the letterhead's first cell (upper lines joined), refined by the authority line above "Căn cứ".
  // The letterhead is the first table (a web page may put its navigation before it); rule lines ("-------") are not text.
  const prose = head.findIndex((unit, at) => !unit.cell && (at === kindIndex || /^(kinh gui|can cu|v\/v)\b/u.test(unit.folded) || unit.text.length > 150));
  const letterheadBlock = head.slice(0, prose >= 0 ? prose : head.length).find((unit) => unit.cell)?.block;
  const letterhead = head.filter((unit) => unit.cell && unit.block === letterheadBlock && unit.cell.column === 0 && unit.cell.row === 0 && !/^[\s_\-–—=*.]+$/u.test(unit.text));
  const authority = head.find((unit) => !unit.cell && /^(uy ban nhan dan|ubnd) (tinh|thanh pho)\s+\S/u.test(unit.folded) && unit.text === unit.text.toLocaleUpperCase('vi'));
  let issuerText = authority?.text ?? letterhead.map((unit) => unit.text).join(' ');
  if (issuerText === '') issuerText = facts.get('noi ban hanh') ?? '';
  // A crawl that lost the letterhead: the caption says whose document it is ("… của Bộ Văn hóa, Thể thao và Du
  // lịch"), else the number's code does ("2345/BVHTTDL-VP").
  if (issuerText === '') {
    const owner = caption ? /\bcủa\s+(.+?)\)?$/u.exec(caption.text)?.[1] : undefined;
    const named = matcher.find(owner ?? number?.split('/')[1]?.split('-')[0] ?? '', 'central')[0];
    if (named) issuerText = matcher.byId.get(named.id)!.name;
  }
  const issuerMentions = matcher.find(issuerText, 'central');
  const central = issuerMentions.some((mention) => matcher.byId.get(mention.id)?.level === 'central') && !/\b(tinh|thanh pho)\b/u.test(fold(issuerText));
  const placeFromDate = dateUnit ? placeOfDateLine(dateUnit.text) : null;
  let place = central ? null : placeOfIssuer(titleCase(issuerText).replace(/(?<![\p{L}\p{N}])Tỉnh(?![\p{L}\p{N}])/u, 'tỉnh').replace(/(?<![\p{L}\p{N}])Thành Phố(?![\p{L}\p{N}])/u, 'thành phố'));
  if (!central && !place && placeFromDate && !/\bha noi\b/u.test(fold(placeFromDate ?? '')) === false) place = placeFromDate;
  if (!central && !place) place = placeFromDate;
  const issuer = issuerFrom(issuerText, place);

  let title = '';
  const website = units.find((unit) => !unit.cell && WEBSITE_TITLE.test(unit.text));
  if (website) title = website.text;
  else if (kindIndex >= 0) {
    const lines: string[] = [];
    for (const unit of head.slice(kindIndex + 1)) {
      if (/^(can cu|thuc hien|theo de nghi|uy ban nhan dan|kinh gui|ngay \d|\()/u.test(unit.folded) || unit.cell) break;
      // The issuing authority's line under the title ("THỦ TƯỚNG CHÍNH PHỦ") is not part of it.
      const named = matcher.analyse(unit.text, 'central');
      if (named.mentions.length > 0 && named.leftover === '') break;
      const capitals = unit.text === unit.text.toLocaleUpperCase('vi');
      if (!capitals && lines.length > 0 && lines.every((line) => line === line.toLocaleUpperCase('vi'))) break;
      // A title set in sentence case ends where capitals start again (the signer's "CHỦ TỊCH" under it).
      if (capitals && lines.length > 0 && lines.some((line) => line !== line.toLocaleUpperCase('vi'))) break;
      if (/^(chu tich|pho chu tich|tm\.|kt\.|q\.)/u.test(unit.folded)) break;
      lines.push(unit.text);
      if (lines.length >= 4) break;
    }
    const body = restoreNames(sentenceCase(lines.join(' '), place ? [place, 'Việt Nam'] : ['Việt Nam']), lines.join(' '), matcher);
    title = body ? `${type} ${number ? `${number} ` : ''}${lowerFirst(body)}`.trim() : `${type} ${number ?? ''}`.trim();
  } else if (subjectUnit) {
    title = `${type}${number ? ` ${number}` : ''} ${subjectUnit.text.replace(/^V\/v\s*/iu, 'về ')}`;
  } else {
    title = `${type}${number ? ` ${number}` : ''}`;
  }

  // Signature: the first signature block before the appendices.
  const { signer, signerTitle } = readSignature(units, input.bodyEnd, facts.get('nguoi ky') ?? null);

  const effect = units.find((unit) => /\b(quyet dinh|ke hoach|van ban|thong bao|chi thi|nghi quyet|cong van|chuong trinh|quy che|quy dinh) nay co hieu luc\b/u.test(unit.folded) && !unit.cell);
  const effectText = effect ? effect.text.replace(/^Điều \d+\.\s*/u, '') : null;
  const effectDate = effect ? /từ ngày (\d{1,2}\/\d{1,2}\/\d{4})/u.exec(effect.text)?.[1] : undefined;
  const effectiveOn = parseDmy(facts.get('ngay hieu luc')) ?? parseDmy(effectDate) ?? (effect && /\bky\b/u.test(effect.folded) ? issuedOn : null);

  // Bases are stated before the body: up to "QUYẾT ĐỊNH:" or the first numbered heading, never a task line of the
  // body that happens to start with "Thực hiện".
  const firstHeading = units.findIndex((unit, index) => index < input.bodyEnd && !unit.cell && (/^quyet dinh:$/u.test(unit.folded) || /^(Điều \d+\.|[IVX]+\.\s|\d+\.\s)/u.test(unit.text)));
  const preambleEnd = firstHeading >= 0 ? firstHeading : input.bodyEnd;
  const legalBases = units
    .slice(0, preambleEnd)
    .filter((unit) => !unit.cell && /^(căn cứ|theo đề nghị|thực hiện|triển khai thực hiện)(?![\p{L}\p{N}])/iu.test(unit.text) && unit.text.length < 2000)
    .map((unit) => unit.text)
    .slice(0, 20);
  const relatedDocuments = units.filter((unit) => RELATED_DOCUMENT_LINE.test(unit.text)).map((unit) => unit.text.replace(RELATED_DOCUMENT_LINE, '').trim());

  const amends = new Set<string>();
  for (const text of [title, ...units.slice(0, input.bodyEnd).filter((unit) => /^Điều 1\./u.test(unit.text)).map((unit) => unit.text)]) {
    for (const match of text.matchAll(AMENDS)) if (match[1] !== number) amends.add(match[1]!);
  }

  return {
    number,
    type,
    issuer,
    place,
    issuedOn,
    issuedText,
    signer,
    signerTitle,
    effectiveOn,
    effectText,
    title,
    subject: subjectUnit ? subjectUnit.text.replace(/^V\/v\s*/iu, '').trim() : null,
    legalBases,
    relatedDocuments,
    amends: [...amends],
  };
}

/**
 * A title brought from capitals to sentence case keeps what was not a capitalised word: numbers and codes as
 * printed ("5G", "06/QĐ-TTg"), agencies by their canonical names ("Thủ tướng Chính phủ", "Bộ Tài chính").
 */
function restoreNames(cased: string, printed: string, matcher: AgencyMatcher): string {
  const printedWords = printed.split(/\s+/u);
  let out = cased
    .split(/\s+/u)
    .map((word, index) => (/[\d/]/u.test(word) && printedWords[index] ? printedWords[index]! : word))
    .join(' ');
  for (const span of [...matcher.analyse(out, 'central').spans].reverse()) {
    const agency = matcher.byId.get(span.id);
    if (agency && agency.kind === 'agency' && fold(agency.name) === fold(out.slice(span.start, span.end))) {
      out = out.slice(0, span.start) + agency.name + out.slice(span.end);
    }
  }
  return out;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

/** "ỦY BAN NHÂN DÂN TỈNH BẮC TRUNG" → "Ủy ban nhân dân tỉnh Bắc Trung"; a bare "ỦY BAN NHÂN DÂN" gains the place. */
function issuerFrom(text: string, place: string | null): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  if (clean === '') return '';
  let issuer = sentenceCase(clean, place ? [place] : []);
  if (place && !fold(issuer).includes(fold(place)) && /^(uy ban nhan dan|hoi dong nhan dan)$/u.test(fold(issuer))) issuer = `${issuer} tỉnh ${place}`;
  // Proper nouns of the central bodies keep their capitals.
  return issuer.replace(/(?<![\p{L}\p{N}])chính phủ(?![\p{L}\p{N}])/gu, 'Chính phủ').replace(/(?<![\p{L}\p{N}])việt nam(?![\p{L}\p{N}])/giu, 'Việt Nam');
}

function readSignature(units: TextUnit[], bodyEnd: number, fromWebsite: string | null): { signer: string | null; signerTitle: string | null } {
  const end = Math.min(units.length, Math.max(bodyEnd, 1));
  for (let index = 0; index < end; index += 1) {
    const unit = units[index]!;
    if (!SIGNATURE_START.test(unit.text.replace(/^\*+/u, ''))) continue;
    const titles = [unit.text.replace(/[|*]/gu, '').trim()];
    let name: string | null = null;
    for (const next of units.slice(index + 1, index + 6)) {
      const text = next.text.replace(/[|*]/gu, '').trim();
      if (TITLE_LINE.test(text) || /^(KT|TM|Q|TL)\.\s/u.test(text)) {
        titles.push(text);
        continue;
      }
      if (PERSON_NAME.test(text) && text !== text.toLocaleUpperCase('vi')) name = text;
      break;
    }
    if (name || fromWebsite) return { signer: fromWebsite ?? name, signerTitle: titles.join(', ').replace(/,\s*,/gu, ',') };
  }
  return { signer: fromWebsite, signerTitle: null };
}
