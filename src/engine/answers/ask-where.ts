/**
 * "Không biết hỏi ở đâu", "muốn hỏi thì gọi số nào", "có số điện thoại nào để hỏi", "góp ý thì gửi cho cơ quan
 * nào": where a person asks about the programme, or tells it something. Answered with the rows of the documents in
 * scope that name the deployment's hotline (the channels the plan itself sets up), each as a task with its lead and
 * time; null when no row names it, for a question that names a task or an agency, and for one with a topic of its own.
 */
import type { AnswerContext } from '../context.ts';
import type { Classification } from '../classify.ts';
import { taskAnswer } from '../compose.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { tokenize } from '../../text/tokenize.ts';
import type { Reply } from '../types.ts';
import { answered, documentsInScope, taskCitations } from './shared.ts';

const ASK_WHERE =
  /\b(hoi o dau|hoi cho nao|goi so nao|goi so may|goi so gi|(so dien thoai|so dt|sdt) (nao|gi|may|de hoi|hoi)|tong dai|hotline|duong day nong|kenh hoi dap|hoi dap o dau|lien he o dau|lien he (the nao|so nao)|lien he (qua |voi |o )?(kenh nao|co quan nao|don vi nao|cho nao|noi nao|ai)|(qua|bang|o) kenh nao)\b|\b(gop y|phan anh|kien nghi)\b.{0,60}\b(gui|bao|noi|phan anh) (cho|ve|den|toi|o) (co quan nao|dau|ai|don vi nao|cho nao|noi nao)\b/u;

/** Words of asking where, and of whom or what about, that leave no topic of their own. */
const ASIDE_WORDS = new Set([
  'toi', 'minh', 'em', 'muon', 'can', 'hoi', 'them', 'lien', 'duong', 'day', 'nong', 'ad', 'sdt', 'chuong', 'trinh', 'ke', 'hoach', 'kien',
  'gop', 'phan', 'anh', 'vuong', 'mac', 'gui', 'quan', 'nao', 'dau', 'tong', 'dai', 'hotline', 'kenh', 'dap', 'so', 'dt', 'dien', 'thoai', 'goi', 'biet',
  // What such a programme is about, said of it as a whole ("hỏi về chuyển đổi số của tỉnh").
  'chuyen', 'doi', 'khoa', 'hoc', 'cong', 'nghe', 'sang', 'tao', 'tinh',
  // Who asks and how it is said: "người dân muốn hỏi hoặc phản ánh … qua kênh nào".
  'nguoi', 'dan', 'hoac', 'qua', 'voi', 've',
  // Who they are, told on the way: "tôi 70 tuổi rồi, muốn hỏi … thì gọi số nào".
  'tuoi', 'roi', 'thi',
  // Asking in other words: "thắc mắc", "giải đáp".
  'thac', 'mac', 'giai',
]);
/** More words than these beside the asking make a topic: the task about it says who to ask ("lớp tập huấn … hỏi ở đâu"). */
const MAX_ASIDE_TOPIC_WORDS = 2;

export function askWhereAnswer(context: AnswerContext, c: Classification): Reply | null {
  if (!ASK_WHERE.test(c.folded) || c.codes.length > 0 || c.agencies.length > 0) return null;
  const topic = tokenize(c.phrase, { bigrams: false, synonyms: false }).unigrams.filter((word) => word.length > 1 && !/^\d+$/u.test(word) && !ASIDE_WORDS.has(word) && !context.vocabulary.deploymentWords.has(word));
  if (topic.length > MAX_ASIDE_TOPIC_WORDS) return null;
  const hotline = context.deps.deployment.hotlineNumber;
  const namesHotline = new RegExp(`(?<!\\d)${hotline}(?!\\d)`, 'u');
  const rows = documentsInScope(context)
    .flatMap((document) => document.tasks)
    .filter((task) => namesHotline.test(task.content));
  if (rows.length === 0) return null;
  const text = [M.askWhere(hotline), ...rows.slice(0, 2).map((task) => taskAnswer(context.compose, task, ['lead', 'deadline']))].join('\n');
  return answered('task', text, taskCitations(context, rows.slice(0, 2)));
}
