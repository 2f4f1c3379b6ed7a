/**
 * The agency directory: canonical agencies with every way the decision and people write them, and the matcher
 * that finds agencies in a table cell or a question. Patterns are matched on folded text (see `fold`).
 */
import { fold } from '../text/vietnamese.ts';
import type { Agency } from './types.ts';

/** The collective assignee "Các sở, ban, ngành, đơn vị, địa phương": every agency. */
export const ALL_AGENCIES_ID = 'tat-ca';
/** "Các cơ quan, đơn vị liên quan": the related agencies, not named. */
export const RELATED_AGENCIES_ID = 'lien-quan';

interface AgencyDefinition extends Agency {
  /** Regular-expression sources matched on folded text, in addition to the folded aliases. */
  patterns: string[];
}

const MERGED_ON_2025_03_01 = '2025-03-01';

const DEFINITIONS: AgencyDefinition[] = [
  {
    id: 'so-khcn',
    name: 'Sở Khoa học và Công nghệ',
    short: 'Sở KH&CN',
    kind: 'agency',
    aliases: ['Sở KH&CN', 'Sở KHCN', 'SKHCN', 'Sở KH-CN', 'Sở Khoa học Công nghệ', 'Sở Khoa học và Công nghệ'],
    patterns: ['so khoa hoc (va |& ?)?cong nghe', 'so kh ?(&|va|-)? ?cn\\b', '\\bskhcn\\b'],
  },
  {
    id: 'vp-ubnd',
    name: 'Văn phòng UBND tỉnh',
    short: 'VP UBND tỉnh',
    kind: 'agency',
    aliases: ['Văn phòng UBND tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'VP UBND', 'VP UBND tỉnh', 'VPUBND'],
    patterns: ['van phong (ubnd|uy ban nhan dan)( tinh)?', '\\bvp ?ubnd( tinh)?\\b'],
  },
  {
    id: 'cong-an',
    name: 'Công an tỉnh',
    short: 'Công an tỉnh',
    kind: 'agency',
    aliases: ['Công an tỉnh', 'CA tỉnh', 'Công An tỉnh', 'Công an tỉnh Hưng Yên'],
    patterns: ['cong an tinh( hung yen)?', '\\bca tinh\\b'],
  },
  {
    id: 'so-tc',
    name: 'Sở Tài chính',
    short: 'Sở Tài chính',
    kind: 'agency',
    aliases: ['Sở Tài chính', 'STC', 'Sở TC'],
    patterns: ['so tai chinh', '\\bstc\\b'],
  },
  {
    id: 'so-nv',
    name: 'Sở Nội vụ',
    short: 'Sở Nội vụ',
    kind: 'agency',
    aliases: ['Sở Nội vụ', 'SNV'],
    patterns: ['so noi vu'],
  },
  {
    id: 'so-yt',
    name: 'Sở Y tế',
    short: 'Sở Y tế',
    kind: 'agency',
    aliases: ['Sở Y tế', 'SYT', 'ngành y tế'],
    patterns: ['so y te', '\\bsyt\\b'],
  },
  {
    id: 'so-nnmt',
    name: 'Sở Nông nghiệp và Môi trường',
    short: 'Sở NN&MT',
    kind: 'agency',
    aliases: ['Sở NN&MT', 'Sở NNMT', 'Sở Nông nghiệp và Môi trường', 'Sở Nông nghiệp Môi trường'],
    patterns: ['so nong nghiep (va |& ?)?moi truong', 'so nn ?(&|va)? ?mt\\b', '\\bnn ?& ?mt\\b', '\\bnnmt\\b'],
  },
  {
    id: 'so-gddt',
    name: 'Sở Giáo dục và Đào tạo',
    short: 'Sở GD&ĐT',
    kind: 'agency',
    aliases: ['Sở GD&ĐT', 'Sở GDĐT', 'Sở Giáo dục', 'Sở Giáo dục và Đào tạo'],
    patterns: ['so giao duc( (va |& ?)?dao tao)?', 'so gd ?(&|va)? ?dt\\b', '\\bgd ?& ?dt\\b', '\\bgddt\\b'],
  },
  {
    id: 'so-vhttdl',
    name: 'Sở Văn hóa, Thể thao và Du lịch',
    short: 'Sở VHTTDL',
    kind: 'agency',
    aliases: ['Sở VHTTDL', 'Sở VH,TT&DL', 'Sở Văn hóa Thể thao và Du lịch', 'Sở Văn hóa, thể thao và du lịch', 'Sở Du lịch'],
    patterns: ['so van hoa,? the thao (va |& ?)?du lich', 'so vh ?,? ?tt ?(&|va)? ?dl\\b', '\\b(so )?vhttdl\\b', '\\bvh ?, ?tt ?& ?dl\\b'],
  },
  {
    id: 'so-ct',
    name: 'Sở Công Thương',
    short: 'Sở Công Thương',
    kind: 'agency',
    aliases: ['Sở Công Thương', 'Sở Công thương', 'SCT'],
    patterns: ['so cong thuong', '\\bsct\\b'],
  },
  {
    id: 'so-xd',
    name: 'Sở Xây dựng',
    short: 'Sở Xây dựng',
    kind: 'agency',
    aliases: ['Sở Xây dựng', 'SXD'],
    patterns: ['so xay dung', '\\bsxd\\b'],
  },
  {
    id: 'bql-kkt-kcn',
    name: 'Ban Quản lý Khu kinh tế và các Khu công nghiệp tỉnh',
    short: 'BQL KKT và các KCN',
    kind: 'agency',
    aliases: [
      'BQL KKT và các KCN',
      'Ban Quản lý khu kinh tế',
      'Ban Quản lý các khu công nghiệp',
      'Ban Quản lý khu kinh tế và các khu công nghiệp',
      'Ban quản các khu công nghiệp/ Khu kinh tế',
      'Ban quản lý các khu công nghiệp tỉnh HY',
      'BQL các KCN',
    ],
    patterns: [
      'ban quan (ly )?(cac )?(khu kinh te|khu cong nghiep)( tinh)?( (va|;) ?(ban quan ly )?(cac )?khu cong nghiep( tinh)?( hy| hung yen)?)?(\\s*/\\s*(khu kinh te)?)?',
      'ban quan ly khu kinh te( tinh)?',
      '\\bbql ?(kkt|kcn|cac kcn)( (va|&) ?(cac )?kcn)?',
    ],
  },
  {
    id: 'nhnn',
    name: 'Ngân hàng Nhà nước chi nhánh tỉnh',
    short: 'NHNN chi nhánh tỉnh',
    kind: 'agency',
    aliases: ['NHNN chi nhánh tỉnh', 'NHNN', 'Ngân hàng Nhà nước', 'Ngân hàng nhà nước chi nhánh tỉnh'],
    patterns: ['ngan hang nha nuoc( chi nhanh( tinh)?)?', '\\bnhnn( chi nhanh( tinh)?)?\\b'],
  },
  {
    id: 'bao-ptth',
    name: 'Báo và Phát thanh, Truyền hình Hưng Yên',
    short: 'Báo và PT-TH Hưng Yên',
    kind: 'agency',
    aliases: [
      'Báo và Phát thanh, Truyền hình Hưng Yên',
      'Báo và Phát thanh truyền hình tỉnh',
      'Báo và Phát thành. truyền hình tỉnh',
      'Báo và Phát thành, truyền hình Hưng Yên',
      'Báo Hưng Yên',
      'Đài Phát thanh và Truyền hình',
    ],
    patterns: ['bao va phat thanh[ .,]*(truyen hinh)?( tinh| hung yen)?', 'bao hung yen', 'dai phat thanh( va)? truyen hinh'],
  },
  {
    id: 'bchqs',
    name: 'Bộ Chỉ huy quân sự tỉnh',
    short: 'Bộ CHQS tỉnh',
    kind: 'agency',
    aliases: ['Bộ Chỉ huy quân sự tỉnh', 'Bộ CHQS tỉnh', 'BCHQS tỉnh', 'quân sự tỉnh'],
    patterns: ['bo chi huy quan su( tinh)?', '\\bb?chqs( tinh)?\\b'],
  },
  {
    id: 'vp-tinh-uy',
    name: 'Văn phòng Tỉnh ủy',
    short: 'VP Tỉnh ủy',
    kind: 'agency',
    aliases: ['Văn phòng Tỉnh ủy', 'VP Tỉnh ủy'],
    patterns: ['van phong tinh uy', '\\bvp tinh uy\\b'],
  },
  {
    id: 'ttxt',
    name: 'Trung tâm Xúc tiến đầu tư, Hỗ trợ doanh nghiệp và Tư vấn dịch vụ tài chính tỉnh',
    short: 'Trung tâm Xúc tiến đầu tư',
    kind: 'agency',
    aliases: ['Trung tâm Xúc tiến đầu tư', 'Trung tâm xúc tiến đầu tư, hỗ trợ doanh nghiệp'],
    patterns: ['trung tam xuc tien dau tu(, ho tro doanh nghiep( va tu van dich vu tai chinh( tinh)?)?)?'],
  },
  // Agencies merged on 1/3/2025: a question naming them gets the successor's tasks.
  {
    id: 'so-tttt',
    name: 'Sở Thông tin và Truyền thông',
    short: 'Sở TT&TT',
    kind: 'agency',
    aliases: ['Sở Thông tin và Truyền thông', 'Sở TT&TT', 'Sở TTTT'],
    patterns: ['so thong tin (va |& ?)?truyen thong', 'so tt ?(&|va)? ?tt\\b', 'so tttt'],
    successor: {
      id: 'so-khcn',
      since: MERGED_ON_2025_03_01,
      note: 'Sở Thông tin và Truyền thông đã hợp nhất vào Sở Khoa học và Công nghệ từ ngày 01/3/2025.',
    },
  },
  {
    id: 'so-khdt',
    name: 'Sở Kế hoạch và Đầu tư',
    short: 'Sở KH&ĐT',
    kind: 'agency',
    aliases: ['Sở Kế hoạch và Đầu tư', 'Sở KH&ĐT', 'Sở KHĐT'],
    patterns: ['so ke hoach (va |& ?)?dau tu', 'so kh ?(&|va)? ?dt\\b', 'so khdt'],
    successor: {
      id: 'so-tc',
      since: MERGED_ON_2025_03_01,
      note: 'Sở Kế hoạch và Đầu tư đã hợp nhất với Sở Tài chính từ ngày 01/3/2025.',
    },
  },
  {
    id: 'so-tnmt',
    name: 'Sở Tài nguyên và Môi trường',
    short: 'Sở TN&MT',
    kind: 'agency',
    aliases: ['Sở Tài nguyên và Môi trường', 'Sở TN&MT', 'Sở TNMT'],
    patterns: ['so tai nguyen (va |& ?)?moi truong', 'so tn ?(&|va)? ?mt\\b', 'so tnmt'],
    successor: {
      id: 'so-nnmt',
      since: MERGED_ON_2025_03_01,
      note: 'Sở Tài nguyên và Môi trường đã hợp nhất vào Sở Nông nghiệp và Môi trường từ ngày 01/3/2025.',
    },
  },
  {
    id: 'so-nnptnt',
    name: 'Sở Nông nghiệp và Phát triển nông thôn',
    short: 'Sở NN&PTNT',
    kind: 'agency',
    aliases: ['Sở Nông nghiệp và Phát triển nông thôn', 'Sở NN&PTNT', 'Sở NNPTNT'],
    patterns: ['so nong nghiep (va |& ?)?phat trien nong thon', 'so nn ?(&|va)? ?ptnt\\b', 'so nnptnt'],
    successor: {
      id: 'so-nnmt',
      since: MERGED_ON_2025_03_01,
      note: 'Sở Nông nghiệp và Phát triển nông thôn đã hợp nhất vào Sở Nông nghiệp và Môi trường từ ngày 01/3/2025.',
    },
  },
  {
    id: 'so-gtvt',
    name: 'Sở Giao thông vận tải',
    short: 'Sở GTVT',
    kind: 'agency',
    aliases: ['Sở Giao thông vận tải', 'Sở GTVT'],
    patterns: ['so giao thong( van tai)?', 'so gtvt'],
    successor: {
      id: 'so-xd',
      since: MERGED_ON_2025_03_01,
      note: 'Sở Giao thông vận tải đã hợp nhất với Sở Xây dựng từ ngày 01/3/2025.',
    },
  },
  {
    id: 'so-ldtbxh',
    name: 'Sở Lao động - Thương binh và Xã hội',
    short: 'Sở LĐTB&XH',
    kind: 'agency',
    aliases: ['Sở Lao động - Thương binh và Xã hội', 'Sở LĐTB&XH', 'Sở LĐTBXH', 'Sở Lao động'],
    patterns: ['so lao dong( ?-? ?thuong binh (va |& ?)?xa hoi)?', 'so ldtb ?(&|va)? ?xh', 'so ldtbxh'],
    successor: {
      id: 'so-nv',
      since: MERGED_ON_2025_03_01,
      note: 'Sở Lao động - Thương binh và Xã hội đã hợp nhất vào Sở Nội vụ từ ngày 01/3/2025.',
    },
  },
  // Collective and non-specific assignees.
  {
    id: ALL_AGENCIES_ID,
    name: 'Các sở, ban, ngành, đơn vị, địa phương',
    short: 'Tất cả các sở, ban, ngành, địa phương',
    kind: 'collective',
    aliases: [
      'Các sở, ban, ngành, đơn vị, địa phương',
      'Sở, ban ngành, đơn vị, địa phương',
      'Các sở ban ngành',
      'Các sở, ban, ngành, địa phương',
      'Các cơ quan nhà nước',
      'Sở, ban ngành, UBND các xã, phương',
      'Các sở ban ngành thực hiện hỗ trợ theo chức năng nhiệm vụ',
    ],
    patterns: [
      '(cac )?so,? ?ban,? ?nganh(,? (don vi|dia phuong|ubnd cac xa,? phu?o?ng))*( thuc hien ho tro theo chuc nang nhiem vu)?',
      '(cac )?so,? ?nganh(,? (don vi|dia phuong))*',
      'cac co quan nha nuoc',
      'cac co quan,? don vi,? dia phuong',
    ],
  },
  {
    id: RELATED_AGENCIES_ID,
    name: 'Các cơ quan, đơn vị liên quan',
    short: 'Các đơn vị liên quan',
    kind: 'group',
    aliases: ['Các cơ quan, đơn vị liên quan', 'Sở, ban ngành liên quan', 'đơn vị liên quan'],
    patterns: [
      '(cac )?(so,? ?)?(ban,? ?)?nganh,? (don vi )?lien quan',
      '(cac )?(co quan,? )?don vi lien quan',
      '(cac )?co quan lien quan',
    ],
  },
  {
    id: 'ubnd-xa',
    name: 'UBND các xã, phường',
    short: 'UBND cấp xã',
    kind: 'group',
    aliases: ['UBND các xã, phường', 'UBND cấp xã', 'Ủy ban nhân dân các xã, phường', 'UBND các cấp', 'các địa phương thuộc tỉnh'],
    patterns: [
      '(ubnd|uy ban nhan dan) (cac xa,? phu?o?ng|cap cap xa|cap xa|cac cap)',
      '(cac )?dia phuong thuoc tinh',
    ],
  },
  {
    id: 'doanh-nghiep',
    name: 'Doanh nghiệp đóng trên địa bàn tỉnh',
    short: 'Doanh nghiệp trên địa bàn',
    kind: 'group',
    aliases: ['Doanh nghiệp đóng trên địa bàn tỉnh', 'Doanh nghiệp tại tỉnh', 'các doanh nghiệp, HTX'],
    patterns: [
      '(cac )?doanh nghiep(,? htx)? (dong )?(tren dia ban|tai tinh)( tinh)?( to chuc thuc hien)?',
      '(cac )?doanh nghiep(,? htx)?',
    ],
  },
  {
    id: 'to-chuc-ca-nhan',
    name: 'Các tổ chức, cá nhân liên quan',
    short: 'Tổ chức, cá nhân liên quan',
    kind: 'group',
    aliases: ['Các tổ chức, cá nhân liên quan'],
    patterns: ['(cac )?to chuc,? ca nhan lien quan'],
  },
  {
    id: 'don-vi-y-te',
    name: 'Các đơn vị y tế trên địa bàn tỉnh',
    short: 'Các đơn vị y tế',
    kind: 'group',
    aliases: ['Các đơn vị y tế trên địa bàn tỉnh'],
    patterns: ['(cac )?don vi y te( tren dia ban( tinh)?)?'],
  },
  {
    id: 'truong-hoc',
    name: 'Các trường học, cơ sở giáo dục trên địa bàn',
    short: 'Các trường học',
    kind: 'group',
    aliases: ['các trường học trên địa bàn', 'các trường đại học, cao đẳng trên địa bàn tỉnh'],
    patterns: ['(cac )?truong (hoc|dai hoc,? cao dang)( tren dia ban( tinh)?)?'],
  },
];

/** Words that may surround agency names in a cell without naming one ("Sở Tài chính chủ trì …"). */
const FILLER =
  /^(?:[\s,;:/.&()-]|\bva\b|\bcac\b|\bchu tri\b|\bto chuc thuc hien\b|\btheo doi\b|\bdon doc\b|\bviec thuc hien\b|\bthuc hien\b|\btren dia ban\b|\bcap\b)+$/u;

export interface AgencyMention {
  id: string;
  start: number;
  end: number;
}

export interface AgencyDirectory {
  agencies: Agency[];
  byId: Map<string, Agency>;
  /** Agencies mentioned in `text` (any alias, with or without diacritics), in order of appearance, no repeats. */
  find(text: string): AgencyMention[];
  /** Like `find`, also returning the folded text not covered by any mention or filler word. */
  analyse(text: string): { mentions: AgencyMention[]; leftover: string };
}

interface CompiledPattern {
  id: string;
  regex: RegExp;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

export function createAgencyDirectory(definitions: AgencyDefinition[] = DEFINITIONS): AgencyDirectory {
  const compiled: CompiledPattern[] = [];
  for (const definition of definitions) {
    const sources = [...definition.patterns, ...definition.aliases.map((alias) => escapeRegex(fold(alias)))];
    for (const source of sources) {
      compiled.push({ id: definition.id, regex: new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, 'gu') });
    }
  }
  const agencies: Agency[] = definitions.map(({ patterns: _patterns, ...agency }) => agency);
  const byId = new Map(agencies.map((agency) => [agency.id, agency]));

  function analyse(text: string): { mentions: AgencyMention[]; leftover: string } {
    const folded = fold(text);
    const candidates: AgencyMention[] = [];
    for (const pattern of compiled) {
      pattern.regex.lastIndex = 0;
      for (const match of folded.matchAll(pattern.regex)) {
        if (match[0].trim() === '') continue;
        candidates.push({ id: pattern.id, start: match.index, end: match.index + match[0].length });
      }
    }
    // Longest match wins; overlapping shorter matches are dropped.
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken: AgencyMention[] = [];
    for (const candidate of candidates) {
      if (taken.some((other) => candidate.start < other.end && other.start < candidate.end)) continue;
      taken.push(candidate);
    }
    taken.sort((a, b) => a.start - b.start);
    const mentions: AgencyMention[] = [];
    for (const mention of taken) {
      if (!mentions.some((other) => other.id === mention.id)) mentions.push(mention);
    }
    let leftover = '';
    let cursor = 0;
    for (const mention of taken) {
      leftover += `${folded.slice(cursor, mention.start)} `;
      cursor = mention.end;
    }
    leftover += folded.slice(cursor);
    const trimmed = FILLER.test(leftover) ? '' : leftover.replace(/\s+/gu, ' ').trim();
    return { mentions, leftover: trimmed };
  }

  return { agencies, byId, analyse, find: (text) => analyse(text).mentions };
}
