/**
 * Text for S5's character transformer: a built-in corpus the project generates itself, and the
 * validation of a text file the user drops in.
 *
 * The built-in corpus imitates the child-speech data of seeds 000/001 (which we do not have): short
 * toddler utterances ("I want cookie", "Daddy play", "No like it", "Where ball", "Shoes on") drawn from
 * a small grammar with a fixed seed. A line holds one to three utterances (60/30/10 %), so the
 * samples of a trained model look like the seeds' ("I want cookie No like it").
 *
 * Grammar (each utterance capitalised):
 *   want/like/see/have/… + any thing · eat + food · drink + drink · wash + body part · hug + animal/toy
 *   Person + action ("Daddy play") · More/No/My/Where + thing · Adjective + thing · Clothes + on/off
 *   X + time ("Bath time") · I + action ("I jump high") · Saw + adj (+ adj) + animal
 *   Animal + say + sound ("Cow say moo") · exclamations ("Uh oh") · fixed phrases ("No like it").
 */
import { makeRng, type Rng } from '../rng';

const FOOD = ['cookie', 'apple', 'banana', 'cracker', 'cheese', 'grapes', 'toast', 'yogurt', 'peas'];
const DRINK = ['juice', 'milk', 'water'];
const TOYS = ['ball', 'teddy', 'blocks', 'truck', 'car', 'book', 'bubbles', 'puzzle', 'dolly', 'train', 'crayons'];
const CLOTHES = ['shoes', 'hat', 'socks', 'coat', 'jammies', 'boots'];
const BODY = ['hands', 'face', 'feet', 'tummy', 'hair'];
const ANIMALS: [string, string][] = [
  ['doggy', 'woof'], ['kitty', 'meow'], ['cow', 'moo'], ['duck', 'quack'], ['birdie', 'tweet'],
  ['horsey', 'neigh'], ['piggy', 'oink'], ['sheep', 'baa'],
];
const ANIMAL_NAMES = ANIMALS.map(([a]) => a);
const PEOPLE = ['Mommy', 'Daddy', 'Baby', 'Grandma', 'Grandpa', 'Nana'];
const ADJ = ['big', 'little', 'red', 'blue', 'fluffy', 'yummy', 'hot', 'wet', 'dirty', 'funny', 'soft'];
const PERSON_ACTIONS = ['play', 'sing', 'dance', 'read', 'sleep', 'come', 'help', 'push', 'look', 'up', 'go'];
const I_ACTIONS = ['run fast', 'jump high', 'dance', 'sing', 'fall down', 'climb up', 'sit down', 'hide', 'spin', 'go potty', 'wash hands', 'go night night'];
const TIMES = ['bath', 'nap', 'snack', 'play', 'story', 'bed'];
const EXCLAIM = ['Uh oh', 'Yay', 'Oh no', 'Wow', 'All done', 'Bye bye', 'Night night', 'Hi', 'Mine', 'No no', 'Yes', 'Ouch', 'Again', 'Peekaboo'];
const FIXED = [
  'No like it', 'I did it', 'I love you', 'No touch', 'Me do it', 'Help me', 'Up please', 'Look at me',
  'What that', 'I can do it', 'Go outside', 'Read book', 'My turn', 'Want more', 'Not sleepy', 'Hold me',
];
const THINGS = [...FOOD, ...DRINK, ...TOYS, ...ANIMAL_NAMES];
const VERB_OBJECTS: [string, string[]][] = [
  ['want', THINGS], ['like', THINGS], ['see', [...ANIMAL_NAMES, ...TOYS]], ['have', [...FOOD, ...TOYS]],
  ['find', TOYS], ['eat', FOOD], ['drink', DRINK], ['wash', BODY], ['hug', [...ANIMAL_NAMES, 'teddy', 'dolly']],
  ['throw', ['ball', 'blocks']], ['need', [...CLOTHES, ...DRINK]],
];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One utterance of the grammar above. */
export function utterance(rng: Rng): string {
  const r = rng.int(20);
  if (r < 5) {
    const [verb, objects] = pick(rng, VERB_OBJECTS);
    return `I ${verb} ${pick(rng, objects)}`;
  }
  if (r < 7) return `${pick(rng, PEOPLE)} ${pick(rng, PERSON_ACTIONS)}`;
  if (r < 8) return `More ${pick(rng, [...FOOD, ...DRINK, 'bubbles', 'book'])}`;
  if (r < 9) return `Where ${pick(rng, [...TOYS, ...ANIMAL_NAMES, ...PEOPLE])}`;
  if (r < 10) return `${pick(rng, ['No', 'My'])} ${pick(rng, [...THINGS, ...CLOTHES])}`;
  if (r < 11) return cap(`${pick(rng, ADJ)} ${pick(rng, [...ANIMAL_NAMES, ...TOYS])}`);
  if (r < 12) return cap(`${pick(rng, CLOTHES)} ${pick(rng, ['on', 'off'])}`);
  if (r < 13) return cap(`${pick(rng, TIMES)} time`);
  if (r < 15) return `I ${pick(rng, I_ACTIONS)}`;
  if (r < 16) return `Saw ${pick(rng, ADJ)}${rng.int(2) ? ` ${pick(rng, ADJ)}` : ''} ${pick(rng, ANIMAL_NAMES)}`;
  if (r < 17) {
    const [animal, sound] = pick(rng, ANIMALS);
    return `${cap(animal)} say ${sound}`;
  }
  if (r < 18) return pick(rng, EXCLAIM);
  return pick(rng, FIXED);
}

/** Every word the grammar can produce, lower-cased (for tests and docs). */
export const CORPUS_WORDS: ReadonlySet<string> = new Set(
  [FOOD, DRINK, TOYS, CLOTHES, BODY, ANIMAL_NAMES, ANIMALS.map(([, s]) => s), PEOPLE, ADJ, PERSON_ACTIONS, I_ACTIONS, TIMES, EXCLAIM, FIXED,
    VERB_OBJECTS.map(([v]) => v), ['i', 'more', 'where', 'no', 'my', 'on', 'off', 'time', 'saw', 'say']]
    .flat()
    .flatMap((s) => s.toLowerCase().split(' ')),
);

export const CORPUS_SEED = 1337;

/**
 * The built-in corpus: `lines` lines (default 4 000, ~70 KB) of one to three utterances each, one
 * line per '\n'. Deterministic: the same seed gives the same text on every platform.
 */
export function generateCorpus(lines = 4000, seed: number = CORPUS_SEED): string {
  const rng = makeRng(seed).fork('corpus');
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const r = rng.int(10);
    const n = r < 6 ? 1 : r < 9 ? 2 : 3;
    const parts: string[] = [];
    for (let j = 0; j < n; j++) parts.push(utterance(rng));
    out.push(parts.join(' '));
  }
  return out.join('\n') + '\n';
}

export interface TextLimits {
  /** Largest accepted file, in bytes (UTF-8). */
  maxBytes: number;
  /** Fewest characters after cleaning (the 10 % validation split must still hold full contexts). */
  minChars: number;
  /** Most distinct characters (the vocabulary: the one-hot embedding and the head grow with it). */
  maxVocab: number;
}

export const TEXT_LIMITS: TextLimits = { maxBytes: 2 * 1024 * 1024, minChars: 1000, maxVocab: 256 };

export type TextCheck = { ok: true; text: string; notes: string[] } | { ok: false; error: string };

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
// C0 controls except \t and \n, DEL, and C1 controls (\r is handled before: CRLF/CR → LF).
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu; // eslint-disable-line no-control-regex

/**
 * Checks a user's text file, in this order: size ≤ maxBytes; valid UTF-8 (a BOM is dropped);
 * line ends normalised to '\n' (note); control characters other than '\n' and '\t' stripped (note),
 * or refused when they make up over 1 % of the text (a binary file); NFC normalisation; at least
 * minChars characters; at most maxVocab distinct characters (code points).
 * Returns the cleaned text and notes, or one error message meant for the user.
 */
export function validateUserText(input: Uint8Array | string, limits: Partial<TextLimits> = {}): TextCheck {
  const { maxBytes, minChars, maxVocab } = { ...TEXT_LIMITS, ...limits };
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input).length : input.length;
  if (bytes === 0) return { ok: false, error: 'The file is empty.' };
  if (bytes > maxBytes) return { ok: false, error: `The file is ${mb(bytes)}; the limit is ${mb(maxBytes)}. Use a shorter excerpt.` };
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return { ok: false, error: 'The file is not valid UTF-8 text. Save it as UTF-8 (plain text) and try again.' };
    }
  }
  // U+FEFF: a byte-order mark at the start (the decoder drops only one), or an invisible zero-width
  // no-break space inside; neither belongs in a character vocabulary.
  text = text.replace(/\uFEFF/g, '');
  const notes: string[] = [];
  if (/\r/.test(text)) {
    text = text.replace(/\r\n?/g, '\n');
    notes.push('Line ends converted to \\n.');
  }
  const controls = text.match(CONTROL)?.length ?? 0;
  if (controls > 0) {
    if (controls > 0.01 * text.length) {
      return { ok: false, error: `The file looks binary: ${controls} control characters. Drop a plain-text file.` };
    }
    text = text.replace(CONTROL, '');
    notes.push(`Removed ${controls} control character${controls === 1 ? '' : 's'} (only newline and tab are kept).`);
  }
  text = text.normalize('NFC');
  const chars = Array.from(text);
  if (chars.length < minChars) {
    return { ok: false, error: `The text has ${chars.length} characters; at least ${minChars} are needed (10 % is held out for validation).` };
  }
  const vocab = new Set(chars).size;
  if (vocab > maxVocab) {
    return { ok: false, error: `The text uses ${vocab} distinct characters; the limit is ${maxVocab}. Use text in one script, without symbols or emoji.` };
  }
  return { ok: true, text, notes };
}
