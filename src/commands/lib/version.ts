// The `--version` text of coreutils 9.1 programs (authors as each program credits them).

const AUTHORS: Record<string, string> = {
  ls: 'Richard M. Stallman and David MacKenzie.',
  dir: 'Richard M. Stallman and David MacKenzie.',
  cat: 'Torbjorn Granlund and Richard M. Stallman.',
  tail: 'Paul Rubin, David MacKenzie, Ian Lance Taylor,\nand Jim Meyering.',
  head: 'David MacKenzie and Jim Meyering.',
  wc: 'Paul Rubin and David MacKenzie.',
  cp: 'Torbjorn Granlund, David MacKenzie, and Jim Meyering.',
  mv: 'Mike Parker, David MacKenzie, and Jim Meyering.',
  rm: 'Paul Rubin, David MacKenzie, Richard M. Stallman,\nand Jim Meyering.',
  mkdir: 'David MacKenzie.',
  rmdir: 'David MacKenzie.',
  touch: 'Paul Rubin, Arnold Robbins, Jim Kingdon,\nDavid MacKenzie, and Randy Smith.',
  chmod: 'David MacKenzie and Jim Meyering.',
  chown: 'David MacKenzie and Jim Meyering.',
  chgrp: 'David MacKenzie and Jim Meyering.',
  ln: 'Mike Parker and David MacKenzie.',
  pwd: 'Jim Meyering.',
  echo: 'Brian Fox and Chet Ramey.',
  printf: 'David MacKenzie.',
  true: 'Jim Meyering.',
  false: 'Jim Meyering.',
  '[': 'Kevin Braunsdorf and Matthew Bradburn.',
  test: 'Kevin Braunsdorf and Matthew Bradburn.',
  sleep: 'Jim Meyering and Paul Eggert.',
  date: 'David MacKenzie.',
  uname: 'David MacKenzie.',
  env: 'Richard Mlynarik, David MacKenzie, and Assaf Gordon.',
  id: 'Arnold Robbins and David MacKenzie.',
  whoami: 'Richard Mlynarik.',
  basename: 'David MacKenzie.',
  dirname: 'David MacKenzie and Jim Meyering.',
  tr: 'Jim Meyering.',
  sort: 'Mike Haertel and Paul Eggert.',
  uniq: 'Richard M. Stallman and David MacKenzie.',
  cut: 'David M. Ihnat, David MacKenzie, and Jim Meyering.',
  tee: 'Mike Parker, Richard M. Stallman, and David MacKenzie.',
  yes: 'David MacKenzie.',
  seq: 'Ulrich Drepper.',
  stat: 'Michael Meskes.',
  du: 'Torbjorn Granlund, David MacKenzie, Paul Eggert,\nand Jim Meyering.',
  df: 'Torbjorn Granlund, David MacKenzie, and Paul Eggert.',
  uptime: 'Joseph Arceneaux, David MacKenzie, and Kaveh Ghazi.',
};

export function coreutilsVersion(name: string): string {
  const authors = AUTHORS[name];
  return (
    `${name} (GNU coreutils) 9.1\n` +
    'Copyright (C) 2022 Free Software Foundation, Inc.\n' +
    'License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n' +
    'This is free software: you are free to change and redistribute it.\n' +
    'There is NO WARRANTY, to the extent permitted by law.\n' +
    (authors ? `\nWritten by ${authors}\n` : '')
  );
}
