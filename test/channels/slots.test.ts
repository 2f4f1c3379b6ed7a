import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/channels/slots.ts';

describe('Slots', () => {
  it('lets `size` holders in at once and the next in arrival order as each frees its slot', async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    const first = await slots.take();
    const second = await slots.take();
    const third = slots.take().then((free) => (order.push('third'), free));
    const fourth = slots.take().then((free) => (order.push('fourth'), free));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    first();
    // Freeing twice frees one slot only.
    first();
    (await third)();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
    second();
    const fifth = await Promise.race([slots.take().then(() => 'in'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 20))]);
    expect(fifth).toBe('in');
  });
});
