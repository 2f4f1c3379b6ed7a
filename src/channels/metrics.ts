/**
 * A small Prometheus registry written by hand (text exposition format 0.0.4). Registration is idempotent:
 * asking for an existing name returns the same instrument, so any module can register the counters it needs.
 */

export type Labels = Record<string, string>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelKey(labelNames: readonly string[], labels: Labels): string {
  return labelNames.map((name) => labels[name] ?? '').join('\u0000');
}

function renderLabels(labelNames: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const pairs = labelNames.map((name, index) => `${name}="${escapeLabelValue(values[index] ?? '')}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
}

function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

interface Instrument {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  render(): string;
}

export class Counter implements Instrument {
  readonly type = 'counter' as const;
  private readonly values = new Map<string, { labels: string[]; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  inc(labels: Labels = {}, amount = 1): void {
    if (!(amount >= 0)) throw new RangeError(`counter ${this.name}: increment must be >= 0, got ${amount}`);
    const key = labelKey(this.labelNames, labels);
    const entry = this.values.get(key);
    if (entry) entry.value += amount;
    else this.values.set(key, { labels: this.labelNames.map((name) => labels[name] ?? ''), value: amount });
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(this.labelNames, labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) {
      lines.push(`${this.name}${renderLabels(this.labelNames, labels)} ${formatNumber(value)}`);
    }
    return lines.join('\n');
  }
}

export class Gauge implements Instrument {
  readonly type = 'gauge' as const;
  private readonly values = new Map<string, { labels: string[]; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  set(labels: Labels, value: number): void {
    this.values.set(labelKey(this.labelNames, labels), {
      labels: this.labelNames.map((name) => labels[name] ?? ''),
      value,
    });
  }

  inc(labels: Labels = {}, amount = 1): void {
    this.set(labels, this.get(labels) + amount);
  }

  dec(labels: Labels = {}, amount = 1): void {
    this.set(labels, this.get(labels) - amount);
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(this.labelNames, labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of this.values.values()) {
      lines.push(`${this.name}${renderLabels(this.labelNames, labels)} ${formatNumber(value)}`);
    }
    return lines.join('\n');
  }
}

export const DEFAULT_LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

export class Histogram implements Instrument {
  readonly type = 'histogram' as const;
  private readonly series = new Map<string, { labels: string[]; counts: number[]; sum: number; count: number }>();
  readonly buckets: readonly number[];
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    buckets: readonly number[] = DEFAULT_LATENCY_BUCKETS,
  ) {
    this.buckets = [...buckets].sort((a, b) => a - b);
  }

  observe(labels: Labels, value: number): void {
    const key = labelKey(this.labelNames, labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = {
        labels: this.labelNames.map((name) => labels[name] ?? ''),
        counts: this.buckets.map(() => 0),
        sum: 0,
        count: 0,
      };
      this.series.set(key, entry);
    }
    this.buckets.forEach((bound, index) => {
      if (value <= bound) entry.counts[index] = (entry.counts[index] ?? 0) + 1;
    });
    entry.sum += value;
    entry.count += 1;
  }

  count(labels: Labels = {}): number {
    return this.series.get(labelKey(this.labelNames, labels))?.count ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.series.values()) {
      this.buckets.forEach((bound, index) => {
        lines.push(
          `${this.name}_bucket${renderLabels(this.labelNames, labels, ['le', formatNumber(bound)])} ${counts[index] ?? 0}`,
        );
      });
      lines.push(`${this.name}_bucket${renderLabels(this.labelNames, labels, ['le', '+Inf'])} ${count}`);
      lines.push(`${this.name}_sum${renderLabels(this.labelNames, labels)} ${formatNumber(sum)}`);
      lines.push(`${this.name}_count${renderLabels(this.labelNames, labels)} ${count}`);
    }
    return lines.join('\n');
  }
}

export class MetricsRegistrationError extends Error {
  constructor(name: string, reason: string) {
    super(`metric ${name}: ${reason}`);
    this.name = 'MetricsRegistrationError';
  }
}

export class Metrics {
  private readonly instruments = new Map<string, Instrument>();

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.register(name, 'counter', () => new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.register(name, 'gauge', () => new Gauge(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets?: readonly number[]): Histogram {
    return this.register(name, 'histogram', () => new Histogram(name, help, labelNames, buckets));
  }

  /** Prometheus text exposition format; serve with `Content-Type: text/plain; version=0.0.4`. */
  render(): string {
    return `${[...this.instruments.values()].map((instrument) => instrument.render()).join('\n')}\n`;
  }

  private register<T extends Instrument>(name: string, type: Instrument['type'], create: () => T): T {
    if (!NAME.test(name)) throw new MetricsRegistrationError(name, 'invalid metric name');
    const existing = this.instruments.get(name);
    if (existing) {
      if (existing.type !== type) {
        throw new MetricsRegistrationError(name, `already registered as ${existing.type}, not ${type}`);
      }
      return existing as T;
    }
    const instrument = create();
    this.instruments.set(name, instrument);
    return instrument;
  }
}

/** The instruments every channel records into; created once per registry. */
export function channelMetrics(metrics: Metrics) {
  return {
    messages: metrics.counter('messages_total', 'Messages answered, by channel and outcome', ['channel', 'outcome']),
    latency: metrics.histogram('message_latency_seconds', 'Time from receipt to reply handed to the channel', [
      'channel',
    ]),
    errors: metrics.counter('errors_total', 'Engine failures contained by the gateway', ['channel']),
    sendFailures: metrics.counter('send_failures_total', 'Replies the channel failed to deliver (kept in the outbox)', [
      'channel',
    ]),
    duplicates: metrics.counter('duplicates_total', 'Platform messages dropped as already seen', ['channel']),
    inFlight: metrics.gauge('messages_in_flight', 'Messages being answered now', []),
  };
}
