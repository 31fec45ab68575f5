# mm/vma_desc.c: call_mmap_prepare(): a hook that fails returns at once, leaking a file it handed over
/^\terr = hook(desc);$/,/goto drop_file;/s/goto drop_file;/return err;/
