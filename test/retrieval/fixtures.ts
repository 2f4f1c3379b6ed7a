/** A small corpus of search documents for retrieval tests, and the real decision's reviewed knowledge as search documents. */
import { searchDocuments } from '../../src/retrieval/documents.ts';
import type { SearchDocument } from '../../src/retrieval/types.ts';
import { reviewedDocuments } from '../knowledge/data.ts';

export const SMALL_CORPUS: SearchDocument[] = [
  {
    id: 'T1',
    kind: 'task',
    title: 'Triển khai xây dựng và tích hợp Kho dữ liệu dùng chung tỉnh',
    text: 'Nâng cấp và hoàn thiện các nền tảng hiện có của tỉnh',
    fields: { code: 'CQS1.2', lead: 'Sở Khoa học và Công nghệ', deadline: '2025 - 2030' },
  },
  {
    id: 'T2',
    kind: 'task',
    title: 'Hoàn thiện hệ thống camera giám sát thông minh phục vụ an ninh trật tự',
    text: '',
    fields: { code: 'CQS7.3', lead: 'Công an tỉnh', deadline: '2025- 2027' },
  },
  {
    id: 'T3',
    kind: 'task',
    title: 'Tuyên truyền, phổ biến nâng cao nhận thức và kỹ năng về Thương mại điện tử',
    text: 'Tuyên truyền và phổ cập ứng dụng Thương mại điện tử',
    fields: { code: 'KTS1.1', lead: 'Sở Công thương' },
  },
  {
    id: 'T4',
    kind: 'task',
    title: 'Xây dựng kênh Zalo chính quyền điện tử của tỉnh; Tổng đài hỏi đáp (1022)',
    text: 'Nâng cấp, mở rộng hệ thống Cổng dịch vụ công trực tuyến của tỉnh',
    fields: { code: 'CQS2.1', lead: 'Văn phòng UBND tỉnh', partners: 'Sở KH&CN' },
  },
  {
    id: 'T5',
    kind: 'task',
    title: 'Xây dựng cơ chế, chính sách hỗ trợ phát triển thương hiệu gạo của tỉnh',
    text: '',
    fields: { lead: 'Sở Nông nghiệp và Môi trường', deadline: 'Tháng 12/2025' },
  },
  {
    id: 'S1',
    kind: 'section',
    title: 'g) Tập trung nguồn lực',
    text: 'g) Tập trung nguồn lực. Đảm bảo kinh phí hàng năm cho sự nghiệp khoa học, công nghệ và chuyển đổi số là 3% tổng chi ngân sách.',
  },
  {
    id: 'S2',
    kind: 'section',
    title: '2. Giao Sở Khoa học và Công nghệ chủ trì theo dõi, đôn đốc',
    text: '2. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc triển khai thực hiện Chương trình này.',
  },
  {
    id: 'S3',
    kind: 'section',
    title: 'b) Tăng cường an ninh mạng',
    text: 'Kiện toàn đội ứng cứu sự cố an toàn thông tin tỉnh. Định kỳ diễn tập phòng chống tấn công mạng.',
  },
];

/** Every task, section and the metadata of the decision as first start serves it (knowledge/documents/719), ids qualified (`719:PL2.11`). */
export function seedDocuments(): SearchDocument[] {
  return searchDocuments(reviewedDocuments());
}
