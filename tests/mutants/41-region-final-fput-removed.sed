# mm/vma.c: mmap_region_flags(): the file a hook handed over is never put (leaks on success and on failure)
s/^\t\tfput(file);$/\t\t(void)file;/
